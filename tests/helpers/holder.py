"""Child process that keeps a case open for writing until its stdin closes."""

import sys

from storage.casefile import CaseFile

case = CaseFile.open(sys.argv[1], sys.argv[2])
print("ready", flush=True)
sys.stdin.read()
case.close()
