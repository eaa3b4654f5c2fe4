"""``python -m bench.national``: see bench/national/run.py."""
from bench.national.run import main

main()
