// Package orlib reads J.E. Beasley's OR-Library files for the 0-1
// multidimensional knapsack problem (MKP): the instance files mknap1.txt and
// mknapcb1.txt … mknapcb9.txt, and the table of best-known values mkcbres.txt.
//
// Readers take an io.Reader and return values; they never open files.
package orlib

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// MaxSize bounds the number of items and constraints a reader accepts, so that
// a corrupt header cannot make it allocate without limit.
const MaxSize = 1 << 16

// Instance is one 0-1 multidimensional knapsack problem:
// maximise Σ Profit[j]·x[j] subject to Σ Weight[i][j]·x[j] ≤ Capacity[i] for
// every constraint i, x[j] ∈ {0,1}.
type Instance struct {
	Name     string      // e.g. "5.100-00"; set by ReadMKnapCB, empty from ReadMKnap
	Profit   []float64   // n values
	Weight   [][]float64 // m rows of n values
	Capacity []float64   // m values
	Optimum  float64     // value given in the file header; 0 means unknown
}

// N returns the number of items.
func (in *Instance) N() int { return len(in.Profit) }

// M returns the number of constraints.
func (in *Instance) M() int { return len(in.Capacity) }

// ReadMKnap reads an OR-Library MKP file in the mknap1/mknapcb layout: the
// number of problems, then for each problem "n m optimum", n profits, m rows
// of n weights and m capacities, all separated by white space.
func ReadMKnap(r io.Reader) ([]Instance, error) {
	s := newScanner(r)
	k, err := s.count("number of problems")
	if err != nil {
		return nil, fmt.Errorf("orlib: %w", err)
	}
	var out []Instance
	for p := 0; p < k; p++ {
		in, err := readOne(s)
		if err != nil {
			return nil, fmt.Errorf("orlib: problem %d: %w", p+1, err)
		}
		out = append(out, in)
	}
	return out, nil
}

// ReadMKnapCB reads a Chu and Beasley file mknapcbF.txt and names its
// instances the way mkcbres.txt does: "m.n-kk" with kk counting from 00.
func ReadMKnapCB(r io.Reader) ([]Instance, error) {
	ins, err := ReadMKnap(r)
	if err != nil {
		return nil, err
	}
	for k := range ins {
		ins[k].Name = fmt.Sprintf("%d.%d-%02d", ins[k].M(), ins[k].N(), k)
	}
	return ins, nil
}

func readOne(s *scanner) (Instance, error) {
	var in Instance
	n, err := s.count("n")
	if err != nil {
		return in, err
	}
	m, err := s.count("m")
	if err != nil {
		return in, err
	}
	if n*m > 64*MaxSize {
		return in, fmt.Errorf("n×m = %d×%d is too large", n, m)
	}
	if in.Optimum, err = s.number("optimum"); err != nil {
		return in, err
	}
	in.Profit = make([]float64, n)
	for j := range in.Profit {
		if in.Profit[j], err = s.number("profit"); err != nil {
			return in, err
		}
	}
	in.Weight = make([][]float64, m)
	for i := range in.Weight {
		in.Weight[i] = make([]float64, n)
		for j := range in.Weight[i] {
			if in.Weight[i][j], err = s.number("weight"); err != nil {
				return in, err
			}
		}
	}
	in.Capacity = make([]float64, m)
	for i := range in.Capacity {
		if in.Capacity[i], err = s.number("capacity"); err != nil {
			return in, err
		}
	}
	return in, nil
}

// scanner yields white-space separated tokens.
type scanner struct {
	sc  *bufio.Scanner
	tok int // tokens read so far, for error messages
}

func newScanner(r io.Reader) *scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	sc.Split(bufio.ScanWords)
	return &scanner{sc: sc}
}

func (s *scanner) next(what string) (string, error) {
	if !s.sc.Scan() {
		if err := s.sc.Err(); err != nil {
			return "", err
		}
		return "", fmt.Errorf("unexpected end of input reading %s (after %d numbers)", what, s.tok)
	}
	s.tok++
	return s.sc.Text(), nil
}

func (s *scanner) number(what string) (float64, error) {
	t, err := s.next(what)
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s: %q (number %d) is not a finite number", what, t, s.tok)
	}
	return v, nil
}

func (s *scanner) count(what string) (int, error) {
	t, err := s.next(what)
	if err != nil {
		return 0, err
	}
	v, err := strconv.Atoi(t)
	if err != nil || v < 0 || v > MaxSize {
		return 0, fmt.Errorf("%s: %q (number %d) is not a count in 0..%d", what, t, s.tok, MaxSize)
	}
	return v, nil
}

// Result is one row of mkcbres.txt.
type Result struct {
	Name string  // e.g. "5.100-00"
	Best float64 // best feasible value found by Chu and Beasley (1998); 0 if absent
	LP   float64 // value of the LP relaxation; 0 if absent
}

// ReadResults reads mkcbres.txt: a table of best feasible values followed by
// a table headed "LP optimal" of LP-relaxation values, each row "name value".
// Rows come back in the order their names first appear.
func ReadResults(r io.Reader) ([]Result, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out []Result
	index := map[string]int{}
	lp := false
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.Contains(text, "LP optimal") {
			lp = true
			continue
		}
		f := strings.Fields(text)
		if len(f) != 2 || !isProblemName(f[0]) {
			continue
		}
		v, err := strconv.ParseFloat(f[1], 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("orlib: results line %d: value %q of %s is not a finite number", line, f[1], f[0])
		}
		k, ok := index[f[0]]
		if !ok {
			k = len(out)
			index[f[0]] = k
			out = append(out, Result{Name: f[0]})
		}
		if lp {
			out[k].LP = v
		} else {
			out[k].Best = v
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("orlib: results: %w", err)
	}
	if len(out) == 0 {
		return nil, errors.New("orlib: results: no rows of the form \"5.100-00 24381\"")
	}
	return out, nil
}

// isProblemName reports whether s looks like "5.100-00".
func isProblemName(s string) bool {
	dot := strings.IndexByte(s, '.')
	dash := strings.IndexByte(s, '-')
	if dot <= 0 || dash <= dot+1 || dash == len(s)-1 {
		return false
	}
	for i, c := range s {
		if i != dot && i != dash && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
