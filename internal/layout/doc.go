// Package layout holds no code: its tests check the project's layout,
// the rules of which package may import which and which may hold the
// Altinn tracks' words (see layout_test.go).
package layout
