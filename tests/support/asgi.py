"""The app's HTTP routes called in-process, as the Reflex server would pass requests on."""

import asyncio

import httpx

from xplorium.api import api


class Client:
    """Requests straight into the ASGI app, as the Reflex server would pass them on."""

    def request(self, method: str, path: str) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=api)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                return await client.request(method, path)

        return asyncio.run(send())

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)

    def post(self, path: str) -> httpx.Response:
        return self.request("POST", path)
