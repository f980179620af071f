"""Plain-Python analysis of the documents' texts, apart from reading files: quantities in the
text, deadlines, status marks, how far each target is (pace), and text matching for links.
Never imports Django; the Django apps use it."""
