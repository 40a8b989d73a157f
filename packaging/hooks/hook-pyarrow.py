"""Our pyarrow hook (takes precedence over pyinstaller-hooks-contrib's, which collects every submodule, the
C++ headers and every shared library). fttool only reads Parquet files from disk: keep the core, compute,
the file systems' local part, CSV/JSON and Parquet (+ dataset, which `parquet.read_table` uses); drop Flight,
Substrait, ORC, the cloud file systems, CUDA, Gandiva and the tests. The shared libraries each kept extension
needs are found by PyInstaller's binary dependency analysis."""

from PyInstaller.utils.hooks import collect_submodules

DROP = ("tests", "flight", "substrait", "orc", "s3fs", "gcsfs", "azurefs", "hdfs", "cuda", "gandiva",
        "jvm", "cffi", "benchmark", "_pyarrow_cpp_tests", "parquet_encryption", "interchange")


def _keep(name: str) -> bool:
    return not any(part in name for part in DROP)


hiddenimports = collect_submodules("pyarrow", filter=_keep)
excludedimports = [
    "pyarrow.flight", "pyarrow._flight", "pyarrow._substrait", "pyarrow.substrait", "pyarrow.orc",
    "pyarrow._orc", "pyarrow._dataset_orc", "pyarrow._s3fs", "pyarrow._gcsfs", "pyarrow._azurefs",
    "pyarrow._hdfs", "pyarrow.cuda", "pyarrow._cuda", "pyarrow.gandiva", "pyarrow.tests", "pyarrow.jvm",
    "pyarrow.cffi", "pyarrow._parquet_encryption", "pyarrow._dataset_parquet_encryption",
    "pyarrow.parquet.encryption",
    "pandas", "numpy.tests",
]
datas: list = []
binaries: list = []
