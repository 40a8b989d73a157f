"""Our Hugging Face Hub test server (the HTTP API `huggingface_hub` uses, behind HF_ENDPOINT).

The foundation needs whoami; the Hugging Face issue grows it (repos, preupload, LFS, commit, tree, Jobs)."""

from __future__ import annotations

from tests.servers.base import Request, Response, TestServer


class HubServer(TestServer):
    def __init__(self, token: str = "hf_testtoken1234567890", user: str = "ada") -> None:
        super().__init__()
        self.token = token
        self.user = user
        self.route("GET", r"/api/whoami-v2")(self.whoami)

    def authorized(self, req: Request) -> bool:
        return req.headers.get("Authorization") == f"Bearer {self.token}"

    def whoami(self, req: Request) -> Response:
        if not self.authorized(req):
            return Response.json({"error": "Invalid credentials in Authorization header"}, 401)
        return Response.json({"type": "user", "name": self.user, "fullname": "Ada", "orgs": [],
                              "auth": {"type": "access_token", "accessToken": {"role": "write"}}})
