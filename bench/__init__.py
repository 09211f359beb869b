"""ReturnDesk benchmarks (`make bench`). Results land in bench/results/."""
