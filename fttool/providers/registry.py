"""The registry of training backends: a backend's name to its Provider class, each imported on first use so that
importing fttool stays cheap. The job service, the CLI and the launch commands find providers here; views ask the
service instead (they may import the descriptors in fttool.providers.base, never this registry)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from fttool.errors import UsageError
from fttool.providers.base import Provider

# backend name -> "module:attribute" of its Provider class, imported on first use
BACKEND_MODULES: dict[str, str] = {"hf": "fttool.providers.huggingface:HuggingFaceProvider"}
BACKEND_MODULES["local"] = "fttool.providers.local:LocalProvider"
BACKEND_MODULES.update({"openai": "fttool.providers.openai:OpenAIProvider",
                        "azure": "fttool.providers.azure:AzureOpenAIProvider",
                        "together": "fttool.providers.together:TogetherProvider"})
REGISTRY: dict[str, Callable[[], Provider]] = {}


def register_provider(name: str, factory: Callable[[], Provider]) -> None:
    REGISTRY[name] = factory


def backend_names() -> list[str]:
    return sorted({*BACKEND_MODULES, *REGISTRY})


def get_provider(name: str) -> Provider:
    if name not in REGISTRY and name in BACKEND_MODULES:
        mod, _, attr = BACKEND_MODULES[name].partition(":")
        REGISTRY[name] = getattr(importlib.import_module(mod), attr)
    try:
        factory = REGISTRY[name]
    except KeyError:
        raise UsageError("unknown_backend", backend=name, known=", ".join(backend_names()) or "none yet") from None
    return factory()
