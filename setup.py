"""Only what pyproject.toml cannot say (everything else is there): the wheel carries resources/ as the
package `fttool._resources`, a folder mapped in [tool.setuptools.package-dir] that packages.find cannot
discover, so the package list is made here. tests/e2e/test_wheel.py checks every resource is in the wheel."""

from setuptools import find_namespace_packages, setup

packages = find_namespace_packages(include=["fttool", "fttool.*", "ui", "ui.*"], exclude=["*.__pycache__"])
setup(packages=[*packages, "fttool._resources"])
