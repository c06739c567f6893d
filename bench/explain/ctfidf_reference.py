"""Reference c-TF-IDF with scikit-learn's CountVectorizer and BERTopic's ClassTfidfTransformer
formula (copied: tf = l1-normalised class counts, idf = log(1 + int(mean class length) / f_t)).
BERTopic itself is not installable here, so this re-implements its 20 lines on top of
scikit-learn. Reads JSON {docs, labels, stop_words} on stdin, prints {class: [top terms]}.
"""
import json
import sys

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize

inp = json.load(sys.stdin)
docs, labels, stop = inp["docs"], inp["labels"], inp["stop_words"]
classes = sorted(set(labels))
# BERTopic: documents_per_topic = docs grouped by topic and joined with ' '
joined = [" ".join(d for d, l in zip(docs, labels) if l == c) for c in classes]
cv = CountVectorizer(stop_words=stop, token_pattern=r"(?u)\b\w\w+\b")
X = cv.fit_transform(joined)
df = np.squeeze(np.asarray(X.sum(axis=0)))
avg = int(X.sum(axis=1).mean())
idf = np.log((avg / df) + 1)
W = normalize(X, axis=1, norm="l1").multiply(idf).toarray()
vocab = np.array(cv.get_feature_names_out())
out = {}
for r, c in enumerate(classes):
    order = sorted(range(len(vocab)), key=lambda j: (-W[r, j], vocab[j]))[:10]
    out[str(c)] = [str(vocab[j]) for j in order if W[r, j] > 0]
json.dump(out, sys.stdout)
