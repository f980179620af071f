class SourceError(Exception):
    """A problem with an input file, told in one line: the file, the place, the problem."""

    def __init__(self, file_name: str, problem: str, where: str = ""):
        super().__init__(problem)
        self.file_name = file_name
        self.where = where
        self.problem = problem

    def __str__(self) -> str:
        if self.where:
            return f"{self.file_name}, {self.where}: {self.problem}"
        return f"{self.file_name}: {self.problem}"


class ColumnsNotFound(SourceError):
    """A table whose columns are not all known by their headers: someone who reads the file can
    say which column is which (see importers.progress_table.column_choices)."""
