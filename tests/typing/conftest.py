# The usage files are inputs for mypy, not test modules: importing them would call a server.
collect_ignore = ["ok_usage.py", "bad_usage.py"]
