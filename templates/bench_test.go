package templates

import "testing"

// BenchmarkFillDocuments fills both documents in memory.
func BenchmarkFillDocuments(b *testing.B) {
	a := fullAnswers()
	tmpls := map[Doc][]byte{}
	for _, d := range Docs() {
		tmpls[d] = embedded(b, d)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range Docs() {
			if _, err := Fill(d, tmpls[d], a, today); err != nil {
				b.Fatal(err)
			}
		}
	}
}
