package autotrace_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/trace/autotrace"
)

// atrSetFlag sets -trace for the test and restores it afterwards.
func atrSetFlag(t *testing.T, v string) {
	t.Helper()
	f := flag.Lookup(autotrace.FlagName)
	require.NotNil(t, f, "importing autotrace defines -trace")
	old := f.Value.String()
	require.NoError(t, f.Value.Set(v))
	t.Cleanup(func() { _ = f.Value.Set(old) })
}

func TestEnabled(t *testing.T) {
	t.Setenv(autotrace.EnvVar, "")
	assert.False(t, autotrace.Enabled())
	assert.Nil(t, autotrace.Options())
	assert.Nil(t, autotrace.Tracer())

	t.Setenv(autotrace.EnvVar, "0")
	assert.False(t, autotrace.Enabled(), `"0" means off, as for GOASYNCIODEBUG`)

	t.Setenv(autotrace.EnvVar, "1")
	assert.True(t, autotrace.Enabled())
	assert.Len(t, autotrace.Options(), 1)
	assert.NotNil(t, autotrace.Tracer())

	t.Setenv(autotrace.EnvVar, "")
	atrSetFlag(t, "true")
	assert.True(t, autotrace.Enabled())
}

func TestOptionsInstallATracer(t *testing.T) {
	t.Setenv(autotrace.EnvVar, "")
	l := loop.New(autotrace.Options()...)
	assert.Nil(t, l.Tasks().Tracer(), "off: no tracer, no cost")
	autotrace.Install(l)
	assert.Nil(t, l.Tasks().Tracer())
	require.NoError(t, l.Close())

	t.Setenv(autotrace.EnvVar, "yes")
	l = loop.New(autotrace.Options()...)
	assert.NotNil(t, l.Tasks().Tracer())
	require.NoError(t, l.Close())
	l = loop.New()
	autotrace.Install(l)
	assert.NotNil(t, l.Tasks().Tracer())
	require.NoError(t, l.Close())
}

// atrExamples are the example programs wired to autotrace.
var atrExamples = []string{"asyncgen", "cancel", "fibonacci", "hello", "interleave", "locks", "memo", "nested", "queues", "timers"}

// TestExamples builds the example programs and runs each with -trace and
// with GOASYNCIO_TRACE=1: stdout must stay what CPython prints (the
// committed golden file), and the narration goes to stderr.
func TestExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the examples")
	}
	gocmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gocmd); err != nil {
		gocmd = "go"
	}
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	bin := t.TempDir()
	args := []string{"build", "-o", bin}
	for _, ex := range atrExamples {
		args = append(args, "./examples/"+ex)
	}
	build := exec.Command(gocmd, args...)
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	for _, ex := range atrExamples {
		want, err := os.ReadFile(filepath.Join(root, "examples", ex, "main.golden"))
		require.NoError(t, err)
		for _, mode := range []string{"flag", "env", "off"} {
			t.Run(ex+"/"+mode, func(t *testing.T) {
				cmd := exec.Command(filepath.Join(bin, ex))
				env := []string{}
				for _, kv := range os.Environ() {
					if !strings.HasPrefix(kv, autotrace.EnvVar+"=") {
						env = append(env, kv)
					}
				}
				switch mode {
				case "flag":
					cmd.Args = append(cmd.Args, "-trace")
				case "env":
					env = append(env, autotrace.EnvVar+"=1")
				}
				cmd.Env = env
				var stdout, stderr bytes.Buffer
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				require.NoError(t, cmd.Run(), "stderr: %s", stderr.String())
				assert.Equal(t, string(want), stdout.String(), "stdout is CPython's, narration or not")
				if mode == "off" {
					assert.Empty(t, stderr.String())
					return
				}
				assert.Contains(t, stderr.String(), "== iteration 1 (t=")
				assert.Contains(t, stderr.String(), "-> 1. step of Task-1\n")
			})
		}
	}
}
