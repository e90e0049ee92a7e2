package termbg

import "testing"

func TestFromEnv(t *testing.T) {
	for v, want := range map[string]bool{
		"":                true,
		"15;0":            true,
		"0;15":            false,
		"0;default;15":    false,
		"7;default;0":     true,
		"default;default": true,
		"15;7":            false,
		"junk":            true,
		"0;999":           true,
	} {
		if got := FromEnv(v); got != want {
			t.Errorf("FromEnv(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestParseBackground(t *testing.T) {
	for body, want := range map[string]struct{ dark, ok bool }{
		"11;rgb:0000/0000/0000":       {true, true},
		"11;rgb:1e1e/1e1e/2e2e":       {true, true},
		"11;rgb:ffff/ffff/ffff":       {false, true},
		"11;rgb:fdf6/e3e3/c4c4":       {false, true},
		"11;rgb:f/f/f":                {false, true},
		"11;rgb:ff/ff/ff":             {false, true},
		"11;rgba:ffff/ffff/ffff/ffff": {false, true},
		"11;rgb:ffff/ffff":            {false, false},
		"11;rgb:gggg/0/0":             {false, false},
		"11;rgb:12345/0/0":            {false, false},
		"10;rgb:ffff/ffff/ffff":       {false, false},
		"11;?":                        {false, false},
		"":                            {false, false},
	} {
		dark, ok := ParseBackground(body)
		if ok != want.ok || (ok && dark != want.dark) {
			t.Errorf("ParseBackground(%q) = %v, %v; want %v, %v", body, dark, ok, want.dark, want.ok)
		}
	}
}
