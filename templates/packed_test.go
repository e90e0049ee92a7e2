package templates

import (
	"bytes"
	"testing"
)

// The parts both documents share unchanged are compressed once a run:
// the second document compresses only what differs from the first, and
// is the same bytes as when it is made on its own.
func TestSharedPartsAreCompressedOnce(t *testing.T) {
	clear(packed.m)
	t.Cleanup(func() { clear(packed.m) })
	a := fullAnswers()
	alone := fill(t, Egenerklaering, embedded(t, Egenerklaering), a)

	clear(packed.m)
	before := partsCompressed.Load()
	first := fill(t, Bestilling, embedded(t, Bestilling), a)
	all := partsCompressed.Load() - before
	// The first document is the caller's: changing it changes nothing
	// the next one is made from.
	for i := range first {
		first[i] = 0
	}
	before = partsCompressed.Load()
	second := fill(t, Egenerklaering, embedded(t, Egenerklaering), a)
	n := partsCompressed.Load() - before

	parts, err := readParts(embedded(t, Egenerklaering))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := readParts(embedded(t, Bestilling))
	shared := 0
	for name, data := range parts {
		if !isTextPart(name) && bytes.Equal(other[name], data) {
			shared++
		}
	}
	if shared < 5 {
		t.Fatalf("the templates share %d parts; the test needs them to share most", shared)
	}
	if want := int64(len(parts) - shared); n != want {
		t.Errorf("the second document compressed %d parts, want the %d it does not share (the first compressed %d)", n, want, all)
	}
	if !bytes.Equal(second, alone) {
		t.Errorf("the second document is %d bytes, made on its own %d different ones", len(second), len(alone))
	}
}
