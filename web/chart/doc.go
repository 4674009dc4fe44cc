// Package chart draws the charts of the web pages as inline SVG: RAG trend
// strips, the RAG heatmap, RAG distributions, the milestone timeline, the
// 5x5 risk matrix and budget bars.
//
// It is pure: functions take values and return markup, with no I/O, clock or
// randomness, so the same input always gives the same bytes. Charts are
// drawn for print and projectors: large type, strong contrast, and a RAG
// rating is never carried by colour alone (every cell also shows a letter
// and, in strips, a shape). Links inside a chart are ordinary SVG anchors,
// reachable with the keyboard and labelled for screen readers.
package chart
