"""An upload refused as soon as it passes the size limit, not once it has been read whole."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class TooLarge(Exception):
    pass


class SizeLimitHandler(FileUploadHandler):
    """Counts the bytes of a file as they arrive and stops the upload past the limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The declared length of the whole request: refused before a byte of it is read.
        if content_length > settings.UPLOAD_MAX_BYTES + 64 * 1024:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
