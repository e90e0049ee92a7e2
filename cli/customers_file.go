package cli

// Reading a file of customers for `customers import`: CSV or YAML, read
// bounded, every problem named by its line and column (CSV) or key (YAML).

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/altinn-onboard/altinn-onboard/forms"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
	"github.com/altinn-onboard/altinn-onboard/session"
)

// maxCustomerFile bounds a customer file: some 30,000 customers.
const maxCustomerFile = 4 << 20

// customerRow is one customer of the file and where it stands.
type customerRow struct {
	customer session.Customer
	file     string
	line     int
	// cols are the columns (CSV, 1-based) or lines (YAML) of the keys.
	cols map[string]int
	csv  bool
	// bad are the keys the file already gave a problem for.
	bad map[string]bool
}

// where names a key of the row, from a check's key path
// ("altinn3.customers[3].email"): "kunder.csv:4:3 email".
func (r customerRow) where(path string) string {
	key := path[strings.LastIndex(path, ".")+1:]
	if r.csv {
		return fmt.Sprintf("%s:%d:%d %s", r.file, r.line, r.cols[key], key)
	}
	line := r.line
	if l, ok := r.cols[key]; ok {
		line = l
	}
	return fmt.Sprintf("%s:%d %s", r.file, line, key)
}

var customerKeys = []string{"org_number", "name", "email", "external_ref", "agent"}

func fileProblem(file string, line int, nb, en string) forms.Problems {
	return forms.Problems{{Path: fmt.Sprintf("%s:%d", file, line), Err: &forms.ValidationError{NB: nb, EN: en}}}
}

// readCustomerFile reads a CSV (.csv, .txt) or YAML (.yaml, .yml, .json)
// file of customers.
func readCustomerFile(path string) ([]customerRow, error) {
	data, err := safefile.Read(path, maxCustomerFile)
	if err != nil {
		return nil, err
	}
	name := filepath.Base(path)
	if !utf8.Valid(data) {
		line := 1
		for i, l := range bytes.Split(data, []byte("\n")) {
			if !utf8.Valid(l) {
				line = i + 1
				break
			}
		}
		return nil, fileProblem(name, line, "filen er ikke gyldig UTF-8: lagre den som UTF-8", "the file is not valid UTF-8: save it as UTF-8")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		return customersYAML(name, data)
	}
	return customersCSV(name, data)
}

func customersCSV(name string, data []byte) ([]customerRow, error) {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, fileProblem(name, 1, "filen er tom", "the file is empty")
	}
	if err != nil {
		return nil, csvProblem(name, err)
	}
	cols := map[string]int{}
	var probs forms.Problems
	for i, h := range header {
		k := strings.ToLower(strings.TrimSpace(h))
		if k == "orgnr" {
			k = "org_number"
		}
		if !contains(customerKeys, k) {
			probs = append(probs, &forms.FieldError{Path: fmt.Sprintf("%s:1:%d", name, i+1), Err: &forms.ValidationError{
				NB: fmt.Sprintf("ukjent kolonne %s; kolonnene er %s", quoteRef(h, "nb"), strings.Join(customerKeys, ", ")),
				EN: fmt.Sprintf("unknown column %s; the columns are %s", quoteRef(h, "en"), strings.Join(customerKeys, ", "))}})
			continue
		}
		if _, dup := cols[k]; dup {
			probs = append(probs, &forms.FieldError{Path: fmt.Sprintf("%s:1:%d", name, i+1), Err: &forms.ValidationError{
				NB: "kolonnen " + k + " står to ganger", EN: "the column " + k + " appears twice"}})
			continue
		}
		cols[k] = i + 1
	}
	if _, ok := cols["org_number"]; !ok && len(probs) == 0 {
		probs = append(probs, fileProblem(name, 1, "første linje må navngi kolonnene, blant dem org_number", "the first line must name the columns, org_number among them")...)
	}
	if len(probs) > 0 {
		return nil, probs
	}
	var rows []customerRow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, append(probs, csvProblem(name, err)...)
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		row := customerRow{file: name, line: line, cols: cols, csv: true}
		get := func(k string) string {
			if i, ok := cols[k]; ok && i-1 < len(rec) {
				return rec[i-1]
			}
			return ""
		}
		row.customer = session.Customer{OrgNumber: get("org_number"), Name: get("name"), Email: get("email"), ExternalRef: get("external_ref")}
		switch strings.ToLower(strings.TrimSpace(get("agent"))) {
		case "", "false", "nei", "no", "0":
		case "true", "ja", "yes", "1":
			row.customer.Agent = true
		default:
			probs = append(probs, &forms.FieldError{Path: row.where("agent"), Err: &forms.ValidationError{
				NB: "skal være true eller false (ja/nei)", EN: "must be true or false (yes/no)"}})
		}
		rows = append(rows, row)
	}
	return rows, probs
}

func csvProblem(name string, err error) forms.Problems {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return forms.Problems{{Path: fmt.Sprintf("%s:%d:%d", name, pe.Line, pe.Column), Err: &forms.ValidationError{
			NB: "ikke gyldig CSV: " + pe.Err.Error(), EN: "not valid CSV: " + pe.Err.Error()}}}
	}
	return fileProblem(name, 1, "ikke gyldig CSV: "+err.Error(), "not valid CSV: "+err.Error())
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func customersYAML(name string, data []byte) ([]customerRow, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fileProblem(name, 1, "ikke gyldig YAML: "+clipLine(err.Error()), "not valid YAML: "+clipLine(err.Error()))
	}
	if len(doc.Content) == 0 {
		return nil, fileProblem(name, 1, "filen er tom", "the file is empty")
	}
	list := doc.Content[0]
	if list.Kind == yaml.MappingNode && len(list.Content) == 2 && list.Content[0].Value == "customers" {
		list = list.Content[1]
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fileProblem(name, list.Line, "skal være en liste av kunder (eller customers: med en liste)", "must be a list of customers (or customers: holding one)")
	}
	var rows []customerRow
	var probs forms.Problems
	var row customerRow
	bad := func(line int, key, nb, en string) {
		probs = append(probs, &forms.FieldError{Path: fmt.Sprintf("%s:%d %s", name, line, key), Err: &forms.ValidationError{NB: nb, EN: en}})
		row.bad[key] = true
	}
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			row = customerRow{bad: map[string]bool{}}
			bad(item.Line, "", "en kunde skal være en samling av nøkler ("+strings.Join(customerKeys, ", ")+")",
				"a customer must be a mapping of keys ("+strings.Join(customerKeys, ", ")+")")
			continue
		}
		row = customerRow{file: name, line: item.Line, cols: map[string]int{}, bad: map[string]bool{}}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			if !contains(customerKeys, k.Value) {
				bad(k.Line, clipLine(k.Value), "ukjent nøkkel; nøklene er "+strings.Join(customerKeys, ", "), "unknown key; the keys are "+strings.Join(customerKeys, ", "))
				continue
			}
			if _, dup := row.cols[k.Value]; dup {
				bad(k.Line, k.Value, "nøkkelen står to ganger", "the key appears twice")
				continue
			}
			row.cols[k.Value] = k.Line
			if v.Kind != yaml.ScalarNode {
				bad(v.Line, k.Value, "skal være en enkeltverdi (aliaser, lister og samlinger kan ikke brukes)", "must be a single value (aliases, lists and mappings cannot be used)")
				continue
			}
			switch k.Value {
			case "org_number":
				row.customer.OrgNumber = v.Value
			case "name":
				row.customer.Name = v.Value
			case "email":
				row.customer.Email = v.Value
			case "external_ref":
				row.customer.ExternalRef = v.Value
			case "agent":
				if v.Tag != "!!bool" || v.Decode(&row.customer.Agent) != nil {
					bad(v.Line, k.Value, "skal være true eller false", "must be true or false")
				}
			}
		}
		rows = append(rows, row)
	}
	return rows, probs
}

func clipLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:120]) + "…"
	}
	return s
}
