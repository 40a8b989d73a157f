"""fttool's local model server: a model trained here (base + LoRA adapter), behind an OpenAI-compatible
/v1/chat/completions, for the playground and evaluation.

Runs in the managed AutoTrain environment's Python (it has torch, transformers and peft; the app never imports
them). Started by fttool/chat/local.py:

    python local_chat_server.py --model BASE_OR_FOLDER [--adapter ADAPTER_DIR] --parent-pid PID
    environment: FTTOOL_LOCAL_TOKEN = a token made fresh at each launch

Listens on 127.0.0.1 only, on a free port, and answers only requests that carry the token
(`Authorization: Bearer TOKEN`). Prints one JSON line {"ready": true, "port": N, ...} when the model is
loaded, and ends by itself when its parent process is gone. Standard library and the runtime's packages only.
"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def _dtype(value: Any) -> dict[str, Any]:
    """transformers 5 names the load dtype `dtype`; 4.x (AutoTrain's runtime) `torch_dtype`."""
    import transformers

    major = int(transformers.__version__.split(".")[0])
    return {"dtype" if major >= 5 else "torch_dtype": value}


def load(model_path: str, adapter: str | None) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(max(1, (os.cpu_count() or 2) - 1))
    tok_source = adapter if adapter and os.path.exists(os.path.join(adapter, "tokenizer_config.json")) else model_path
    tokenizer = AutoTokenizer.from_pretrained(tok_source)
    model = AutoModelForCausalLM.from_pretrained(model_path, **_dtype(torch.float32))
    if adapter:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, adapter)
    model.eval()
    return tokenizer, model


class Generator:
    def __init__(self, tokenizer: Any, model: Any, name: str) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.name = name
        self.lock = threading.Lock()  # one generation at a time on this CPU/GPU

    def prompt_ids(self, messages: list[dict[str, Any]]) -> Any:
        # a dict in both transformers 4.x and 5.x (5.x returns one by default)
        return self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                  return_dict=True)["input_ids"]

    def stream(self, body: dict[str, Any]) -> Any:
        """Yields text pieces; returns (prompt_tokens, completion_tokens, finish_reason) at the end."""
        import torch
        from transformers import TextIteratorStreamer

        ids = self.prompt_ids(body.get("messages") or [])
        max_new = int(body.get("max_completion_tokens") or body.get("max_tokens") or 256)
        temperature = float(body.get("temperature") if body.get("temperature") is not None else 0.7)
        stops = body.get("stop") or []
        if isinstance(stops, str):
            stops = [stops]
        kwargs: dict[str, Any] = {"input_ids": ids, "attention_mask": torch.ones_like(ids),
                                  "max_new_tokens": max_new, "pad_token_id": self.tokenizer.pad_token_id
                                  if self.tokenizer.pad_token_id is not None else self.tokenizer.eos_token_id}
        if temperature > 0:
            kwargs.update(do_sample=True, temperature=temperature, top_p=float(body.get("top_p") or 1.0))
        else:
            kwargs["do_sample"] = False
        if body.get("seed") is not None:
            torch.manual_seed(int(body["seed"]))
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        kwargs["streamer"] = streamer
        result: dict[str, Any] = {}

        def work() -> None:
            with torch.no_grad():
                out = self.model.generate(**kwargs)
            result["completion_tokens"] = int(out.shape[-1] - ids.shape[-1])

        with self.lock:
            t = threading.Thread(target=work, daemon=True)
            t.start()
            text = ""
            finish = "length"
            for piece in streamer:
                if not piece:
                    continue
                before = len(text)
                text += piece
                hit = min((text.find(s) for s in stops if s and s in text), default=-1)
                if hit >= 0:
                    if hit > before:
                        yield text[before:hit]
                    finish = "stop"
                    break
                yield piece
            t.join()
        completion = result.get("completion_tokens", 0)
        if finish != "stop" and completion < max_new:
            finish = "stop"  # ended on the end-of-sequence token
        return int(ids.shape[-1]), completion, finish


def make_handler(gen: Generator, token: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 30  # seconds a connection may sit idle or trickle its request (socket timeout)

        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, status: int, obj: Any) -> None:
            data = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if self.close_connection:  # said, so the client opens a new connection instead of reusing a closed one
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)

        def _authorized(self) -> bool:
            """Checked before any body is read: a request without the token costs this server nothing."""
            auth = self.headers.get("Authorization") or ""
            given = auth[7:] if auth.startswith("Bearer ") else ""
            if hmac.compare_digest(given.encode(), token.encode()):
                return True
            self.close_connection = True  # its body (if any) is never read: the connection cannot be reused
            self._json(401, {"error": {"message": "Missing or wrong token.", "type": "invalid_request_error",
                                       "code": "invalid_api_key"}})
            return False

        def do_GET(self) -> None:
            if not self._authorized():
                return
            if self.path.rstrip("/") == "/v1/models":
                self._json(200, {"object": "list", "data": [{"id": gen.name, "object": "model", "owned_by": "local"}]})
            else:
                self._json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:
            if not self._authorized():
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_BODY:
                self.close_connection = True
                self._json(413 if length > MAX_BODY else 400, {"error": {
                    "message": f"the request body must be 0 to {MAX_BODY} bytes", "type": "invalid_request_error"}})
                return
            raw = self.rfile.read(length) if length else b""
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._json(404, {"error": {"message": "not found"}})
                return
            try:
                body = json.loads(raw or b"{}")
                if not isinstance(body.get("messages"), list) or not body["messages"]:
                    raise ValueError("'messages' is required")
            except ValueError as exc:
                self._json(400, {"error": {"message": str(exc), "type": "invalid_request_error"}})
                return
            cid, created = "chatcmpl-" + uuid.uuid4().hex[:12], int(time.time())
            gen_iter = gen.stream(body)
            if not body.get("stream"):
                parts = []
                try:
                    while True:
                        parts.append(next(gen_iter))
                except StopIteration as stop:
                    pt, ct, finish = stop.value
                except Exception as exc:  # a model that cannot take this prompt
                    self._json(400, {"error": {"message": f"generation failed: {exc}", "type": "invalid_request_error"}})
                    return
                self._json(200, {"id": cid, "object": "chat.completion", "created": created, "model": gen.name,
                                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(parts)},
                                              "finish_reason": finish}],
                                 "usage": {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct}})
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True

            def send(choices: list[dict[str, Any]], **extra: Any) -> None:
                obj = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": gen.name,
                       "choices": choices, **extra}
                self.wfile.write(b"data: " + json.dumps(obj).encode() + b"\n\n")
                self.wfile.flush()

            try:
                send([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
                try:
                    while True:
                        piece = next(gen_iter)
                        send([{"index": 0, "delta": {"content": piece}, "finish_reason": None}])
                except StopIteration as stop:
                    pt, ct, finish = stop.value
                send([{"index": 0, "delta": {}, "finish_reason": finish}])
                if (body.get("stream_options") or {}).get("include_usage"):
                    send([], usage={"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the person pressed Stop

    return Handler


MAX_BODY = 8 << 20  # a chat request is a few KB; 8 MiB leaves room for long conversations


def watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--adapter")
    p.add_argument("--name", default="")
    p.add_argument("--parent-pid", type=int, default=0)
    args = p.parse_args()
    token = os.environ.pop("FTTOOL_LOCAL_TOKEN", "")
    if len(token) < 16:
        print(json.dumps({"ready": False, "error": "no token given (FTTOOL_LOCAL_TOKEN)"}), flush=True)
        return 2
    if args.parent_pid:
        threading.Thread(target=watch_parent, args=(args.parent_pid,), daemon=True).start()
    started = time.monotonic()
    try:
        tokenizer, model = load(args.model, args.adapter)
    except Exception as exc:
        print(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}), flush=True)
        return 1
    gen = Generator(tokenizer, model, args.name or args.model)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(gen, token))
    httpd.daemon_threads = True
    print(json.dumps({"ready": True, "port": httpd.server_address[1], "load_seconds":
                      round(time.monotonic() - started, 2)}), flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
