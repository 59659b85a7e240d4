SUFFIXES = (".pdf",)
def read(path): raise NotImplementedError
