package orlib

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

const tiny = ` 2
 3 2 0
 10 20 30
 1 2 3
 4 5 6
 5 9
 1 1 7.5
 2.5
 1
 0
`

func TestReadMKnap(t *testing.T) {
	ins, err := ReadMKnap(strings.NewReader(tiny))
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 {
		t.Fatalf("got %d instances, want 2", len(ins))
	}
	a := ins[0]
	if a.N() != 3 || a.M() != 2 || a.Profit[2] != 30 || a.Weight[1][0] != 4 || a.Capacity[1] != 9 {
		t.Errorf("first instance read wrongly: %+v", a)
	}
	if b := ins[1]; b.Optimum != 7.5 || b.Profit[0] != 2.5 || b.Capacity[0] != 0 {
		t.Errorf("second instance read wrongly: %+v", b)
	}
}

func TestReadMKnapErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":     "",
		"truncated": " 1\n 3 2 0\n 1 2",
		"letters":   " 1\n 1 1 0\n x 1 1",
		"negative":  " 1\n -1 1 0",
		"huge":      " 1\n 99999999 1 0",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ReadMKnap(strings.NewReader(in)); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestReadTestdata(t *testing.T) {
	f, err := os.Open("testdata/mknapcb1-first2.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ins, err := ReadMKnapCB(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) != 2 || ins[1].Name != "5.100-01" || ins[0].N() != 100 || ins[0].M() != 5 {
		t.Fatalf("got %d instances, first %q n=%d m=%d", len(ins), ins[0].Name, ins[0].N(), ins[0].M())
	}
	if ins[0].Profit[0] != 504 || ins[0].Capacity[4] == 0 {
		t.Errorf("unexpected data: profit[0]=%v", ins[0].Profit[0])
	}
}

func TestReadResults(t *testing.T) {
	in := "Problem Name  Best\n\n5.100-00   24381\n5.100-01 24274\n\nProblem Name     LP optimal\n5.100-00        2.4585902722e+04\n"
	rs, err := ReadResults(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0] != (Result{Name: "5.100-00", Best: 24381, LP: 24585.902722}) || rs[1].Best != 24274 || rs[1].LP != 0 {
		t.Errorf("got %+v", rs)
	}
	if _, err := ReadResults(strings.NewReader("nothing here")); err == nil {
		t.Error("no error for a file without rows")
	}
}

func FuzzReadMKnap(f *testing.F) {
	f.Add([]byte(tiny))
	f.Add([]byte(" 1\n 2 1 0\n 1 2\n 3 4\n 5"))
	f.Add([]byte(" 1\n 1 1 NaN\n 1 1 1"))
	if b, err := os.ReadFile("testdata/mknapcb1-first2.txt"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ins, err := ReadMKnap(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, in := range ins {
			if len(in.Weight) != in.M() {
				t.Fatalf("weight rows %d, capacities %d", len(in.Weight), in.M())
			}
			for _, row := range in.Weight {
				if len(row) != in.N() {
					t.Fatalf("weight row has %d entries, want %d", len(row), in.N())
				}
			}
		}
	})
}

func FuzzReadResults(f *testing.F) {
	f.Add([]byte("5.100-00 24381\nLP optimal\n5.100-00 2.45e4\n"))
	f.Add([]byte("1.-1 2\n"))
	f.Add([]byte("5.100-00 x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := ReadResults(bytes.NewReader(b))
		if err == nil && len(rs) == 0 {
			t.Fatal("no rows and no error")
		}
	})
}
