// Package layout checks the size rules of the project's code: no
// production file over MaxFileLines lines, and no function over
// MaxFuncLines lines except a plain table (a function that only returns
// composite literals). Its test applies them to the whole module; run
//
//	go test ./internal/layout -run Sizes -v
//
// to see every offender, those waiting for other work included.
//
// imports_test.go checks the layers: which package may import which
// (go list -deps), and that ui, mail and store hold none of the Altinn
// tracks' words.
package layout

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
)

// The limits.
const (
	MaxFileLines = 600
	MaxFuncLines = 80
)

// Offence is a file or a function over its limit.
type Offence struct {
	Path  string // slash-separated, relative to the root checked
	Line  int    // where the function starts; 0 for a file
	Func  string // the function, as Type.Method for a method; "" for a file
	Lines int
}

func (o Offence) String() string {
	if o.Func == "" {
		return fmt.Sprintf("%s: %d lines (at most %d)", o.Path, o.Lines, MaxFileLines)
	}
	return fmt.Sprintf("%s:%d: %s is %d lines (at most %d)", o.Path, o.Line, o.Func, o.Lines, MaxFuncLines)
}

// Check reads the Go files under root, except tests, testdata and
// hidden folders, and returns every file and function over its limit. A
// function is counted from its func keyword to its closing brace; its
// doc comment does not count.
func Check(root string) ([]Offence, error) {
	var found []Offence
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		found = append(found, checkFile(fset, f, filepath.ToSlash(rel))...)
		return nil
	})
	return found, err
}

func checkFile(fset *token.FileSet, f *ast.File, rel string) []Offence {
	var found []Offence
	if n := fset.File(f.Pos()).LineCount(); n > MaxFileLines {
		found = append(found, Offence{Path: rel, Lines: n})
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil || plainTable(fn.Body) {
			continue
		}
		start := fset.Position(fn.Type.Func).Line
		if n := fset.Position(fn.Body.Rbrace).Line - start + 1; n > MaxFuncLines {
			found = append(found, Offence{Path: rel, Line: start, Func: funcName(fn), Lines: n})
		}
	}
	return found
}

// plainTable says whether a function body only returns composite
// literals (or their addresses): data, however long, not logic.
func plainTable(body *ast.BlockStmt) bool {
	if len(body.List) != 1 {
		return false
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) == 0 {
		return false
	}
	for _, r := range ret.Results {
		if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND {
			r = u.X
		}
		if _, ok := r.(*ast.CompositeLit); !ok {
			return false
		}
	}
	return true
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr: // a generic type's method
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}
