# Root conftest: keep pytest's doctest collection away from files that are not importable alone.
collect_ignore_glob = ["src/neurolift/store/migrations/*", "benchmarks/*"]
