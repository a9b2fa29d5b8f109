package pyfmt_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// python313 returns a command that runs CPython 3.13 (PYENV_VERSION=3.13.0
// python3, else python3.13) with the given arguments, or skips the test.
func python313(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	env := append(os.Environ(), "PYENV_VERSION=3.13.0", "PYTHONIOENCODING=utf-8", "PYTHONHASHSEED=0")
	for _, name := range []string{"python3", "python3.13"} {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		probe := exec.Command(path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
		probe.Env = env
		if out, err := probe.Output(); err != nil || strings.TrimSpace(string(out)) != "3.13" {
			continue
		}
		cmd := exec.Command(path, args...)
		cmd.Env = env
		return cmd
	}
	t.Skip("CPython 3.13 not found (tried PYENV_VERSION=3.13.0 python3 and python3.13)")
	return nil
}

// runPython runs a Python script with input on stdin and returns stdout.
func runPython(t testing.TB, input []byte, args ...string) []byte {
	t.Helper()
	cmd := python313(t, args...)
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// pyRequest asks testdata/pyeval.py for repr, str or print of an expression.
type pyRequest struct {
	Fn   string `json:"fn"`
	Expr string `json:"expr"`
}

// pyEval evaluates the requests in one Python process.
func pyEval(t testing.TB, reqs []pyRequest) []string {
	t.Helper()
	in, err := json.Marshal(reqs)
	if err != nil {
		t.Fatal(err)
	}
	out := runPython(t, in, "testdata/pyeval.py")
	var res []string
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("decoding pyeval output: %v", err)
	}
	if len(res) != len(reqs) {
		t.Fatalf("pyeval returned %d results for %d requests", len(res), len(reqs))
	}
	return res
}
