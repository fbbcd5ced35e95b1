"""The app's storage backend as a route dependency."""

from typing import Annotated

from fastapi import Depends, Request

from hiring.storage import Storage


async def get_storage(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


AppStorage = Annotated[Storage, Depends(get_storage)]


async def upload_limit(request: Request) -> int:
    """The largest accepted upload, in bytes."""
    return int(request.app.state.settings.max_upload_mb) * 1024 * 1024


UploadLimit = Annotated[int, Depends(upload_limit)]
