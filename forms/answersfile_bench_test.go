package forms

import (
	"fmt"
	"strings"
	"testing"
)

// worstAnswers are the most expensive answers files of at most size bytes
// that could be built: every shape makes as many problems, or as much
// work per byte, as it can.
func worstAnswers(size int) map[string][]byte {
	fill := func(head, item string) []byte {
		var b strings.Builder
		b.WriteString(head)
		for i := 0; ; i++ {
			s := strings.ReplaceAll(item, "N", fmt.Sprint(i))
			if b.Len()+len(s) > size {
				break
			}
			b.WriteString(s)
		}
		return []byte(b.String())
	}
	return map[string][]byte{
		// 40,000 wrong list items took 143 s: each one a problem.
		"bad list items": fill("system:\n  interfaces:\n", "  - x\n"),
		// Wrong types under a key, each adding to the problems found while
		// decoding that validation then looks up.
		"services of the wrong type": fill("system:\n  services:\n", "  - x\n"),
		"services with bad fields":   fill("system:\n  services:\n", "  - {code: x, edition: y, name: \"\", owner: \"\\e\", environments: [z, z]}\n"),
		// Unknown keys: each one is compared with every valid key.
		"unknown keys":      fill("", "kN: 1\n"),
		"long unknown keys": fill("", strings.Repeat("k", 4000)+"N: 1\n"),
		"duplicate keys":    fill("vendor:\n", "  name: x\n"),
		// One huge value, checked rune by rune.
		"one huge value": fill("vendor:\n  name: ", "æ"),
		// A flow mapping with many nested lists.
		"nested lists": fill("system:\n  interfaces: ", "["),
		// Each a problem of its own, placed at its key.
		"line separators": fill("vendor:\n  name: \"", "\u0085\u2028"),
		// Billion laughs: each alias refers to a list of aliases.
		"aliases":                       fill("x: &a [y, y, y, y, y, y, y, y, y, y]\nsystem:\n  services: [", "*a, "),
		"unknown keys in flow mappings": fill("system:\n  services:\n", "  - {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7}\n"),
	}
}

// BenchmarkParseAnswersWorst checks the worst answers files at the size
// limit; the target is well under a second for each. cpu-s/op is the
// processor time per check (GC included), which other processes on the
// machine do not inflate the way they do ns/op.
func BenchmarkParseAnswersWorst(b *testing.B) {
	for name, data := range worstAnswers(MaxAnswersFile) {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				ParseAnswers(data)
			}
			if cpu := cpuTime() - start; cpu > 0 {
				b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			}
		})
	}
}
