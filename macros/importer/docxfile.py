SUFFIXES = (".docx",)
def read(path): raise NotImplementedError
