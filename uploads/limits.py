"""An upload refused as soon as it passes the size limit, not once it has been read whole."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Room for the form's other fields and the multipart framing around the file.
FRAMING_BYTES = 64 * 1024


def declared_too_large(request) -> bool:
    """Whether the request says it is larger than any upload may be."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > settings.UPLOAD_MAX_BYTES + FRAMING_BYTES


class SizeLimitHandler(FileUploadHandler):
    """Counts the bytes of a file as they arrive and stops the upload past the limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
