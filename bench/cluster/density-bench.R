# One timed R dbscan run (timing measured inside R, around the clustering call only).
# Usage: Rscript density-bench.R <algo> <data.csv> <labels-out> <minPts> <eps> <opticsEps>
# Prints one line: {"seconds":..,"maxRssMB":..,"nClusters":..}. Labels: 0 = noise (as R), one per line.
suppressPackageStartupMessages(library(dbscan))
a <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(a[2], header = FALSE))
minPts <- as.integer(a[4]); eps <- as.numeric(a[5]); opticsEps <- as.numeric(a[6])
t <- system.time({
  cl <- if (a[1] == "hdbscan") hdbscan(x, minPts = minPts)$cluster
        else if (a[1] == "dbscan") dbscan(x, eps = eps, minPts = minPts)$cluster
        else extractDBSCAN(optics(x, eps = opticsEps, minPts = minPts), eps_cl = eps)$cluster
})[["elapsed"]]
writeLines(as.character(cl), a[3])
st <- readLines("/proc/self/status")
hwm <- as.numeric(gsub("[^0-9]", "", st[grepl("^VmHWM", st)])) / 1024
cat(sprintf('{"seconds":%.4f,"maxRssMB":%.1f,"nClusters":%d}\n', t, hwm, max(cl)))
