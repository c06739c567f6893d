# One timed R dbscan run (timing measured inside R, around the clustering call only).
# Usage: Rscript density-bench.R <algo> <data.csv> <labels-out> <minPts> <eps> <opticsEps>
# Prints one line: {"seconds":..,"cpuSeconds":..,"maxRssMB":..,"nClusters":..} (elapsed and user+system time). Labels: 0 = noise (as R), one per line.
suppressPackageStartupMessages(library(dbscan))
a <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(a[2], header = FALSE))
minPts <- as.integer(a[4]); eps <- as.numeric(a[5]); opticsEps <- as.numeric(a[6])
tm <- system.time({
  cl <- if (a[1] == "hdbscan") hdbscan(x, minPts = minPts)$cluster
        else if (a[1] == "dbscan") dbscan(x, eps = eps, minPts = minPts)$cluster
        else extractDBSCAN(optics(x, eps = opticsEps, minPts = minPts), eps_cl = eps)$cluster
})
t <- tm[["elapsed"]]
cpu <- tm[["user.self"]] + tm[["sys.self"]]
writeLines(as.character(cl), a[3])
st <- readLines("/proc/self/status")
hwm <- as.numeric(gsub("[^0-9]", "", st[grepl("^VmHWM", st)])) / 1024
cat(sprintf('{"seconds":%.4f,"cpuSeconds":%.4f,"maxRssMB":%.1f,"nClusters":%d}\n', t, cpu, hwm, max(cl)))
