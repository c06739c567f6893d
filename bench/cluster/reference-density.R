# Reference results of R's dbscan package (hdbscan, dbscan, optics) for one data set.
# Usage: Rscript reference-density.R <data.csv> <out.json> <hdbscanMinPts> <dbscanEps> <dbscanMinPts> <opticsEps> <opticsMinPts>
# The CSV has one row per point, no header, the last column is ignored (known label).
suppressPackageStartupMessages({ library(dbscan); library(jsonlite) })
a <- commandArgs(trailingOnly = TRUE)
raw <- as.matrix(read.csv(a[1], header = FALSE))
x <- raw[, -ncol(raw), drop = FALSE]
h <- hdbscan(x, minPts = as.integer(a[3]))
d <- dbscan(x, eps = as.numeric(a[4]), minPts = as.integer(a[5]), borderPoints = TRUE)
o <- optics(x, eps = as.numeric(a[6]), minPts = as.integer(a[7]))
fin <- function(v) ifelse(is.finite(v), v, -1)
out <- list(
  r_version = as.character(packageVersion("dbscan")),
  hdbscan = list(minPts = as.integer(a[3]), cluster = h$cluster, outlier_scores = h$outlier_scores),
  dbscan = list(eps = as.numeric(a[4]), minPts = as.integer(a[5]), cluster = d$cluster),
  optics = list(eps = as.numeric(a[6]), minPts = as.integer(a[7]), order = o$order - 1L,
                reachdist = fin(o$reachdist), coredist = fin(o$coredist))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), a[2])
