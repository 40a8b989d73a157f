"""What the decision reads of this computer's state (scoring.py asks here; it reads only the data and the tables):
the key of the costed backend (the keyring), the local runtime's install record, the Together endpoints fttool
made, and the finished jobs in fttool's job store."""

from __future__ import annotations

from typing import Any


def _note_param(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


_KEY_LABELS = {"openai": "backend_openai", "azure": "backend_azure", "hf": "backend_hf", "together": "backend_together"}


def _secret_set(name: str) -> bool:
    try:
        from fttool import credentials

        return credentials.where(name) != "none"
    except Exception:
        return False


def _runtime() -> str | None:
    """The label of an installed local training runtime (the one whose check passed), None when none is."""
    try:
        from fttool.runtime import install
        from fttool.runtime.engines import all_engines

        for eng in all_engines():
            st = install.status(engine=eng.name)
            if st.get("installed"):
                version = st.get("engine_version") or ""
                return f"{st.get('engine_label') or eng.name} {version}".strip()
    except Exception:
        return None
    return None


def _together_endpoints() -> int:
    try:
        from fttool.providers.together_hosting import load_records

        return len(load_records())
    except Exception:
        return 0


def _key_note(backend: str, ready: bool) -> dict[str, Any]:
    return _note_param("check_key_set" if ready else "check_key_missing", key=_note_param(_KEY_LABELS[backend]))


def environment_checklist(backend: str, model: str | None, *, tunable: bool, dataset: bool,
                          check_environment: bool) -> tuple[list[dict[str, Any]], list[str]]:
    """What the person needs, read from the real state: the key of the costed backend (the keyring, read on
    the service thread), the local runtime's install record, the endpoints fttool made."""
    b = backend
    train_notes: list[dict[str, Any]] = []
    host_notes: list[dict[str, Any]] = []
    if not check_environment:
        training = hosting = False
    elif b == "local":
        runtime = _runtime()
        training = hosting = runtime is not None
        train_notes.append(_note_param("check_runtime_installed", engine=runtime) if runtime
                           else _note_param("check_runtime_missing"))
        if runtime:
            host_notes.append(_note_param("check_runtime_hosts"))
    elif b == "azure":
        key, endpoint = _secret_set("azure"), _secret_set("azure-endpoint")
        training = key and endpoint
        train_notes.append(_key_note("azure", training))
        token = _secret_set("azure-management")
        hosting = training and token
        host_notes.append(_note_param("check_azure_can_deploy" if token else "check_azure_no_token"))
    else:
        training = hosting = _secret_set(b)
        train_notes.append(_key_note(b, training))
        if training and b == "openai":
            host_notes.append(_note_param("check_openai_hosts"))
        elif training and b == "hf":
            host_notes.append(_note_param("check_hf_hosts"))
        elif training and b == "together":
            count = _together_endpoints()
            host_notes.append(_note_param("check_together_endpoints", count=count) if count
                              else _note_param("check_together_on_demand"))
    missing: list[str] = []
    if check_environment and not training:
        missing.append("set_up_local_runtime" if b == "local" else "add_credentials")
    if check_environment and b == "azure" and training and not hosting:
        missing.append("add_deploy_token")
    items = [("pretrained_model", tunable, {"model": model}, []), ("dataset", dataset, {}, []),
             ("training_environment", training, {"backend": b}, train_notes),
             ("hosting_environment", hosting, {"backend": b}, host_notes)]
    return [{"item": name, "ready": ready, "params": params, "notes": notes}
            for name, ready, params, notes in items], missing


# -- the decision ---------------------------------------------------------------------------------------
def stored_jobs() -> list[dict[str, Any]]:
    """Finished jobs in fttool's job store (none when it does not exist yet)."""
    try:
        from fttool.jobs.store import JobStore
        from fttool.paths import jobs_db_path

        path = jobs_db_path()
        if not path.is_file():
            return []
        store = JobStore(path)
        try:
            return [j.to_dict() for j in store.list() if j.result_model]
        finally:
            store.close()
    except Exception:
        return []
