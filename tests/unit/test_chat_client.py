"""The chat interface against our test servers (the real openai / huggingface_hub clients over HTTP)."""

from __future__ import annotations

import asyncio

import pytest

from fttool import credentials, settings
from fttool.chat.client import ChatClient, DeltaBatcher, Sampling, Target, chat_once, with_system
from fttool.chat.pricing import answer_cost, prices_for
from fttool.errors import ConnectionProblem, FtError, UsageError

MSGS = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hello there friend"}]


@pytest.fixture
def openai_env(openai_server, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", openai_server.api_key)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    return openai_server


def run(coro):
    return asyncio.run(coro)


def test_openai_streams_pieces_usage_and_cost(openai_env):
    pieces: list[str] = []
    a = run(chat_once(Target("openai", "gpt-4o-mini-2024-07-18"), MSGS, Sampling(temperature=0.2),
                      on_delta=pieces.append))
    assert a.text == "You said: hello there friend"
    assert pieces == ["You ", "said: ", "hello ", "there ", "friend"]
    # the server counts words: prompt 2 + 3, answer 5
    assert (a.prompt_tokens, a.completion_tokens) == (5, 5)
    assert a.finish_reason == "stop"
    assert a.cost_usd == pytest.approx((5 * 0.15 + 5 * 0.6) / 1e6)
    body = openai_env.chat_bodies[-1]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert body["temperature"] == 0.2
    assert a.first_token_ms is not None and a.latency_ms >= a.first_token_ms


def test_openai_non_streaming_and_tuned_price(openai_env):
    model = "ft:gpt-4o-mini-2024-07-18:org-x::abc123"
    a = run(chat_once(Target("openai", model), MSGS))
    assert a.text == "You said: hello there friend"
    assert "stream" not in openai_env.chat_bodies[-1]
    assert a.cost_usd == pytest.approx((5 * 0.3 + 5 * 1.2) / 1e6)


def test_stop_and_max_tokens_are_sent_and_honoured(openai_env):
    a = run(chat_once(Target("openai", "gpt-4o-mini-2024-07-18"), MSGS, Sampling(stop=["there"]),
                      on_delta=lambda p: None))
    assert a.text == "You said: hello "
    assert openai_env.chat_bodies[-1]["stop"] == ["there"]
    a = run(chat_once(Target("openai", "gpt-4o-mini-2024-07-18"), MSGS, Sampling(max_tokens=2)))
    assert a.text == "You said:" and a.finish_reason == "length"
    assert openai_env.chat_bodies[-1]["max_completion_tokens"] == 2


def test_system_prompt_replaces_the_conversations():
    out = with_system(MSGS, "Answer in French.")
    assert out[0] == {"role": "system", "content": "Answer in French."}
    assert [m["role"] for m in out] == ["system", "user"]
    assert with_system(MSGS, "") == [MSGS[1]]
    assert with_system(MSGS, None) == MSGS


def test_azure_deployment_answers_with_its_model(openai_server, monkeypatch):
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", openai_server.azure_key)
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", openai_server.url)
    openai_server.deployments["chef"] = {"properties": {"model": {"name": "gpt-4o-mini-2024-07-18"}}}
    pieces: list[str] = []
    a = run(chat_once(Target("azure", "chef"), MSGS, on_delta=pieces.append))
    assert a.text == "You said: hello there friend" and "".join(pieces) == a.text
    assert a.model == "gpt-4o-mini-2024-07-18"
    assert a.cost_usd == pytest.approx((5 * 0.15 + 5 * 0.6) / 1e6)
    req = [r for r in openai_server.requests if "chat/completions" in r.path][-1]
    assert req.path == "/openai/deployments/chef/chat/completions" and req.arg("api-version")
    with pytest.raises(FtError) as err:
        run(chat_once(Target("azure", "missing"), MSGS))
    assert err.value.code == "chat_model_not_found"


def test_hugging_face_chat_completion_with_base_url(openai_server, monkeypatch):
    token = "hf_testtoken1234567890"
    monkeypatch.setenv("HF_TOKEN", token)
    openai_server.chat_keys.add(token)
    openai_server.chat_models = {"meta-llama/Llama-3.2-1B-Instruct"}
    target = Target("hf", "meta-llama/Llama-3.2-1B-Instruct", base_url=openai_server.base_url)
    pieces: list[str] = []
    a = run(chat_once(target, MSGS, Sampling(max_tokens=50, temperature=0), on_delta=pieces.append))
    assert a.text == "You said: hello there friend" and len(pieces) == 5
    assert a.completion_tokens == 5 and a.cost_usd is None
    body = openai_server.chat_bodies[-1]
    assert body["model"] == "meta-llama/Llama-3.2-1B-Instruct" and body["max_tokens"] == 50
    a = run(chat_once(target, MSGS))
    assert a.text == "You said: hello there friend"
    monkeypatch.setenv("HF_TOKEN", "hf_wrongtoken000000000")
    with pytest.raises(FtError) as err:
        run(chat_once(target, MSGS))
    assert err.value.code == "bad_key"


def test_named_compatible_server_with_key_from_keyring(compat_server):
    compat_server.api_key = "local-key-123456"
    settings.update({"servers": {"myvllm": compat_server.base_url}})
    credentials.set_secret("server:myvllm", "local-key-123456")
    target = Target.parse("server:myvllm", "llama-3.2-1b-instruct")
    assert target.backend == "server" and target.server == "myvllm"
    a = run(chat_once(target, MSGS, on_delta=lambda p: None))
    assert a.text == "You said: hello there friend" and a.cost_usd is None
    req = [r for r in compat_server.requests if r.path.endswith("/chat/completions")][-1]
    assert {k.lower(): v for k, v in req.headers.items()}["authorization"] == "Bearer local-key-123456"
    assert compat_server.chat_bodies[-1]["model"] == "llama-3.2-1b-instruct"
    with pytest.raises(UsageError) as err:
        run(chat_once(Target.parse("server:nope", "x"), MSGS))
    assert err.value.code == "chat_unknown_server"


def test_unnamed_server_without_key(compat_server):
    a = run(chat_once(Target("server", "llama-3.2-1b-instruct", base_url=compat_server.base_url), MSGS,
                      Sampling(max_tokens=3)))
    assert a.text == "You said: hello"
    assert compat_server.chat_bodies[-1]["max_tokens"] == 3


def test_errors_in_plain_words(openai_env, monkeypatch):
    with pytest.raises(FtError) as err:
        run(chat_once(Target("openai", "no-such-model"), MSGS))
    assert err.value.code == "chat_model_not_found" and "no-such-model" in err.value.message
    openai_env.fault(r"/v1/chat/completions", status=503, times=10)
    with pytest.raises(ConnectionProblem) as err2:
        run(chat_once(Target("openai", "gpt-4o-mini-2024-07-18"), MSGS, max_retries=0))
    assert err2.value.code == "server_error"
    openai_env.faults.clear()
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrongwrongwrong")
    with pytest.raises(FtError) as err3:
        run(chat_once(Target("openai", "gpt-4o-mini-2024-07-18"), MSGS))
    assert err3.value.code == "bad_key"
    with pytest.raises(UsageError):
        Target.parse("carrier-pigeon", "x")


def test_cancel_mid_stream_stops_the_request(openai_env):
    openai_env.chat_chunk_delay = 0.05
    openai_env.chat_reply = lambda model, messages, body: " ".join(["word"] * 200)
    pieces: list[str] = []

    async def scenario() -> None:
        client = ChatClient(Target("openai", "gpt-4o-mini-2024-07-18"))
        task = asyncio.create_task(client.send(MSGS, on_delta=pieces.append))
        while len(pieces) < 3:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await client.aclose()

    run(scenario())
    assert 3 <= len(pieces) < 50


def test_client_reuses_its_connection_for_many_requests(openai_env):
    async def scenario() -> list[str]:
        client = ChatClient(Target("openai", "gpt-4o-mini-2024-07-18"))
        try:
            answers = await asyncio.gather(*[client.send([{"role": "user", "content": f"q{i}"}]) for i in range(8)])
        finally:
            await client.aclose()
        return [a.text for a in answers]

    assert run(scenario()) == [f"You said: q{i}" for i in range(8)]


def test_delta_batcher_coalesces_by_time():
    now = [0.0]
    got: list[str] = []
    b = DeltaBatcher(got.append, interval=0.045, clock=lambda: now[0])
    for i in range(10):
        now[0] += 0.01
        b.add(str(i))
    b.flush()
    assert got == ["0", "12345", "6789"]  # the first at once, one batch 0.05 s later, the rest at flush
    assert b.calls == 3


def test_prices_for_dated_and_tuned_names():
    table = {"models": {"m-2024-01-01": {"input_per_1m_tokens": 1, "output_per_1m_tokens": 2,
                                         "tuned_input_per_1m_tokens": 3, "tuned_output_per_1m_tokens": 4}}}
    assert prices_for("m", table) == (1, 2)
    assert prices_for("ft:m-2024-01-01:org::x", table) == (3, 4)
    assert prices_for("ft:m-2024-01-01:org::x:ckpt-step-10", table) == (3, 4)
    assert prices_for("other", table) is None
    assert answer_cost("m", 1_000_000, 500_000, table) == pytest.approx(2.0)
    assert answer_cost("m", None, 1, table) is None


def test_delta_batcher_sends_a_held_piece_when_the_stream_pauses():
    got: list[tuple[str, float]] = []

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        b = DeltaBatcher(lambda text: got.append((text, loop.time() - start)), interval=0.05,
                         schedule=loop.call_later)
        b.add("a")  # at once
        b.add("b")  # held back: within the interval
        await asyncio.sleep(0.5)  # the model pauses
        b.add("c")
        b.cancel()
        b.flush()

    run(scenario())
    assert [t for t, _ in got] == ["a", "b", "c"]
    assert got[1][1] < 0.3  # "b" did not wait for the pause to end


def test_a_server_that_refuses_stream_options_still_streams(compat_server):
    from tests.servers.base import Response

    method, pattern, handler = next(r for r in compat_server.routes if r[1].pattern.startswith("/v1/chat"))

    def refuse(req):  # an older llama.cpp-like server
        if "stream_options" in req.json():
            return Response.json({"error": {"message": "Unrecognized request argument supplied: stream_options",
                                            "type": "invalid_request_error"}}, 400)
        return handler(req)

    compat_server.routes.insert(0, (method, pattern, refuse))
    pieces: list[str] = []
    a = run(chat_once(Target("server", "llama-3.2-1b-instruct", base_url=compat_server.base_url), MSGS,
                      on_delta=pieces.append))
    assert a.text == "You said: hello there friend" and "".join(pieces) == a.text
    assert a.prompt_tokens is None  # no usage without stream_options
