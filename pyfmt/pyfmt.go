// Package pyfmt formats Go values the way CPython 3.13's repr(), str() and
// print() format the corresponding Python values, so that a Go twin of a
// Python program can print byte-identical output.
// ReprLimit is reprlib.repr, the shortened repr asyncio shows of a
// future's result.
//
// # Mapping
//
// Repr maps Go values to Python values as follows:
//
//   - nil, a nil pointer and a nil interface print as None.
//   - bool prints as True or False.
//   - Every signed and unsigned integer kind prints in decimal, like int.
//   - float64 and float32 print like a Python float: the shortest digits that
//     round-trip, "1.0" for integral values, exponent notation ("1e+16",
//     "1e-05") below 1e-4 or from 1e16 up, and inf, -inf and nan. A float32
//     is written with the shortest digits that round-trip as a float32, so
//     float32(0.1) prints as 0.1.
//   - complex64 and complex128 print like a Python complex: 1j, (1+2j).
//   - A string prints as a Python str literal: single quotes unless the text
//     contains ' and no ", with \\, \n, \r, \t and every code point that
//     Python 3.13 does not consider printable escaped as \xNN, \uNNNN or
//     \UNNNNNNNN. Bytes that are not valid UTF-8 are shown as the lone
//     surrogates U+DC80..U+DCFF, as Python's surrogateescape error handler
//     would decode them.
//   - Slices and arrays print as lists: [a, b, c]. A nil slice is [].
//   - Maps print as dicts: {k: v}. Go maps have no order while Python dicts
//     keep insertion order, so the entries are sorted by the repr of their
//     keys (plain byte order of those strings: 10 sorts before 2). Use Dict
//     when the order matters. A map whose values are struct{} is taken to be
//     a set and prints as {a, b} (set() when empty), sorted the same way.
//   - Dict prints as a dict with its entries in slice order.
//   - Tuple prints as a tuple: (a, b), (a,) and ().
//   - Bytes prints as a bytes literal: b'...'.
//   - A non-nil pointer prints as the value it points to.
//   - A struct prints like a dataclass: Name(field=value, ...), listing its
//     exported fields (promoted fields of embedded structs included) under
//     their Go names, or under the name given by a `py:"name"` struct tag; a
//     field tagged `py:"-"` is left out. An unnamed struct type prints like
//     types.SimpleNamespace: namespace(a=1).
//   - time.Duration prints as a float number of seconds (d.Seconds()).
//   - Channels, functions and unsafe pointers, which have no Python
//     counterpart, print as <chan int> and the like.
//
// Values take precedence over that mapping when they implement one of these
// interfaces, checked in this order:
//
//   - interface{ PyRepr() string } (PyReprer) supplies the repr, and
//     interface{ PyStr() string } (PyStringer) the str, which otherwise
//     falls back to PyRepr (errors excepted, see below).
//   - time.Duration is formatted as above even though it is a fmt.Stringer.
//   - An error prints as Exception('message'), with the message as a Python
//     string literal. Its str is the bare message, as str() of a Python
//     exception is, also when the error has a PyRepr method (but no PyStr).
//   - A fmt.Stringer prints as the result of String(), for both repr and str.
//
// As with package fmt, methods declared on a pointer receiver are only found
// when a pointer is formatted; a pointer whose type has none of these methods
// of its own is formatted as the value it points to, so a *time.Duration is
// still shown in seconds. Reference cycles print as [...], {...} or ...
// instead of recursing forever, the way Python shows recursive containers.
package pyfmt

import (
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Tuple is a Python tuple. It prints as (a, b), with the trailing comma of the
// one-element tuple: (a,).
type Tuple []any

// Bytes is a Python bytes object. It prints as b'...'. A plain []byte prints
// as a list of ints, like any other slice.
type Bytes []byte

// KV is one key/value entry of a Dict.
type KV struct {
	Key   any
	Value any
}

// Dict is a Python dict whose entries print in slice order, the way a Python
// dict prints in insertion order. Use it when sorting a Go map's keys would
// not give the order the Python program prints.
type Dict []KV

// PyReprer is implemented by values that know their own Python repr.
type PyReprer interface {
	PyRepr() string
}

// PyStringer is implemented by values that know their own Python str.
type PyStringer interface {
	PyStr() string
}

// Repr returns Python's repr of the Go value v.
func Repr(v any) string {
	var p printer
	p.repr(reflect.ValueOf(v))
	return p.buf.String()
}

// Str returns Python's str of v (strings unquoted at top level, everything else as Repr).
//
// As in Python, only the outermost value is affected: the elements of a
// container are always shown with their repr. Values implementing PyStringer
// supply their own str. Otherwise an error gives its message (even when it
// implements PyReprer, as str() of a Python exception is its message), a
// PyReprer its PyRepr() and a fmt.Stringer the result of String().
func Str(v any) string {
	rv := reflect.ValueOf(v)
	// Look through pointers, as Repr does, unless the pointer type itself
	// has one of the methods that decide the str. The bound stops a
	// pointer that points to itself; Repr then shows the cycle.
	for range 64 {
		if rv.Kind() != reflect.Pointer || rv.IsNil() || hasOwnMethod(rv.Type(), strMethods) {
			break
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return "None"
	}
	switch x := rv.Interface().(type) {
	case PyStringer:
		return x.PyStr()
	case error:
		return x.Error()
	case PyReprer:
		return x.PyRepr()
	case time.Duration:
		return Repr(x)
	case string:
		return x
	case fmt.Stringer:
		return x.String()
	}
	if rv.Kind() == reflect.String {
		return rv.String() // a named string type without methods
	}
	return Repr(v) // v, not rv: keeps the pointer for cycle detection
}

// Sprint joins Str of each argument with single spaces, like print(*args) without the newline.
func Sprint(args ...any) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(Str(a))
	}
	return b.String()
}

// Println writes Sprint(args...) + "\n" to os.Stdout, like print(*args).
func Println(args ...any) {
	_, _ = Fprintln(os.Stdout, args...)
}

// Fprintln same to an io.Writer.
//
// It writes Sprint(args...) followed by a newline to w, like
// print(*args, file=w), and returns the number of bytes written and any write
// error.
func Fprintln(w io.Writer, args ...any) (int, error) {
	return io.WriteString(w, Sprint(args...)+"\n")
}

var (
	// reprMethods are the interfaces that decide a repr; strMethods
	// those that decide a str.
	reprMethods = []reflect.Type{
		reflect.TypeFor[PyReprer](),
		reflect.TypeFor[error](),
		reflect.TypeFor[fmt.Stringer](),
	}
	strMethods = append([]reflect.Type{reflect.TypeFor[PyStringer]()}, reprMethods...)

	durationType = reflect.TypeFor[time.Duration]()
	tupleType    = reflect.TypeFor[Tuple]()
	bytesType    = reflect.TypeFor[Bytes]()
	dictType     = reflect.TypeFor[Dict]()
	emptyStruct  = reflect.TypeFor[struct{}]()
)

// printer accumulates one repr. active holds the identities of the
// containers currently being printed, to detect reference cycles.
type printer struct {
	buf    strings.Builder
	active map[any]bool
}

// enter marks the container identified by id as being printed. It returns
// false if it already is, i.e. the value contains itself.
func (p *printer) enter(id any) bool {
	if p.active == nil {
		p.active = map[any]bool{}
	}
	if p.active[id] {
		return false
	}
	p.active[id] = true
	return true
}

func (p *printer) leave(id any) { delete(p.active, id) }

// hasOwnMethod reports whether the pointer type t implements one of ifaces
// through a method with a pointer receiver, i.e. one that its element type
// lacks. Other pointers are formatted as the value they point to, so that a
// *time.Duration, say, is still shown in seconds.
func hasOwnMethod(t reflect.Type, ifaces []reflect.Type) bool {
	for _, it := range ifaces {
		if t.Implements(it) && !t.Elem().Implements(it) {
			return true
		}
	}
	return false
}

// ptrID identifies a pointer being followed.
type ptrID struct {
	ptr uintptr
	typ reflect.Type
}

// sliceID identifies the backing storage of a non-empty slice.
type sliceID struct {
	ptr uintptr
	len int
	typ reflect.Type
}

// repr writes the Python repr of v.
func (p *printer) repr(v reflect.Value) {
	for v.IsValid() && v.Kind() == reflect.Interface {
		if v.IsNil() {
			break
		}
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() == reflect.Interface || (v.Kind() == reflect.Pointer && v.IsNil()) {
		p.buf.WriteString("None")
		return
	}
	if v.Kind() == reflect.Pointer && !hasOwnMethod(v.Type(), reprMethods) {
		p.pointer(v)
		return
	}
	if p.special(v) {
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			p.buf.WriteString("True")
		} else {
			p.buf.WriteString("False")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.buf.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		p.buf.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32:
		p.buf.WriteString(formatFloat(v.Float(), 32, true))
	case reflect.Float64:
		p.buf.WriteString(formatFloat(v.Float(), 64, true))
	case reflect.Complex64:
		p.buf.WriteString(formatComplex(v.Complex(), 32))
	case reflect.Complex128:
		p.buf.WriteString(formatComplex(v.Complex(), 64))
	case reflect.String:
		p.buf.WriteString(quote(v.String()))
	case reflect.Slice:
		if v.Len() > 0 {
			id := sliceID{v.Pointer(), v.Len(), v.Type()}
			if !p.enter(id) {
				p.buf.WriteString("[...]")
				return
			}
			defer p.leave(id)
		}
		p.list(v, "[", "]")
	case reflect.Array:
		p.list(v, "[", "]")
	case reflect.Map:
		if v.Len() > 0 {
			id := ptrID{v.Pointer(), v.Type()}
			if !p.enter(id) {
				p.buf.WriteString("{...}")
				return
			}
			defer p.leave(id)
		}
		p.mapping(v)
	case reflect.Struct:
		p.structure(v)
	default: // Chan, Func, UnsafePointer
		p.buf.WriteString("<" + v.Type().String() + ">")
	}
}

// pointer writes the value that the non-nil pointer v points to.
func (p *printer) pointer(v reflect.Value) {
	id := ptrID{v.Pointer(), v.Type()}
	if !p.enter(id) {
		p.buf.WriteString("...")
		return
	}
	defer p.leave(id)
	p.repr(v.Elem())
}

// special handles the values whose repr does not follow from their kind:
// the interfaces documented on the package and this package's own types.
// It reports whether it wrote v.
func (p *printer) special(v reflect.Value) bool {
	if !v.CanInterface() {
		return false
	}
	x := v.Interface()
	if r, ok := x.(PyReprer); ok {
		p.buf.WriteString(r.PyRepr())
		return true
	}
	switch v.Type() {
	case durationType:
		p.buf.WriteString(formatFloat(x.(time.Duration).Seconds(), 64, true))
		return true
	case tupleType:
		p.tuple(x.(Tuple))
		return true
	case bytesType:
		p.buf.WriteString(quoteBytes(x.(Bytes)))
		return true
	case dictType:
		p.dict(x.(Dict))
		return true
	}
	switch x := x.(type) {
	case error:
		p.buf.WriteString("Exception(" + quote(x.Error()) + ")")
		return true
	case fmt.Stringer:
		p.buf.WriteString(x.String())
		return true
	}
	return false
}

// list writes the elements of a slice or array between open and close.
func (p *printer) list(v reflect.Value, open, close string) {
	p.buf.WriteString(open)
	for i := range v.Len() {
		if i > 0 {
			p.buf.WriteString(", ")
		}
		p.repr(v.Index(i))
	}
	p.buf.WriteString(close)
}

func (p *printer) tuple(t Tuple) {
	if len(t) > 0 {
		id := sliceID{reflect.ValueOf(t).Pointer(), len(t), tupleType}
		if !p.enter(id) {
			p.buf.WriteString("(...)")
			return
		}
		defer p.leave(id)
	}
	p.buf.WriteByte('(')
	for i, e := range t {
		if i > 0 {
			p.buf.WriteString(", ")
		}
		p.repr(reflect.ValueOf(e))
	}
	if len(t) == 1 {
		p.buf.WriteByte(',')
	}
	p.buf.WriteByte(')')
}

func (p *printer) dict(d Dict) {
	if len(d) > 0 {
		id := sliceID{reflect.ValueOf(d).Pointer(), len(d), dictType}
		if !p.enter(id) {
			p.buf.WriteString("{...}")
			return
		}
		defer p.leave(id)
	}
	p.buf.WriteByte('{')
	for i, kv := range d {
		if i > 0 {
			p.buf.WriteString(", ")
		}
		p.repr(reflect.ValueOf(kv.Key))
		p.buf.WriteString(": ")
		p.repr(reflect.ValueOf(kv.Value))
	}
	p.buf.WriteByte('}')
}

// mapping writes a Go map as a dict, or as a set when its values are
// struct{}, with the entries sorted by the repr of their keys.
func (p *printer) mapping(v reflect.Value) {
	isSet := v.Type().Elem() == emptyStruct
	if isSet && v.Len() == 0 {
		p.buf.WriteString("set()")
		return
	}
	type entry struct {
		key string
		val reflect.Value
	}
	entries := make([]entry, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		var kp printer
		kp.active = p.active
		kp.repr(it.Key())
		entries = append(entries, entry{kp.buf.String(), it.Value()})
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	p.buf.WriteByte('{')
	for i, e := range entries {
		if i > 0 {
			p.buf.WriteString(", ")
		}
		p.buf.WriteString(e.key)
		if !isSet {
			p.buf.WriteString(": ")
			p.repr(e.val)
		}
	}
	p.buf.WriteByte('}')
}

// structure writes a struct like a dataclass repr.
func (p *printer) structure(v reflect.Value) {
	t := v.Type()
	name := t.Name()
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i] // drop type arguments of a generic type
	}
	if name == "" {
		name = "namespace"
	}
	p.buf.WriteString(name)
	p.buf.WriteByte('(')
	first := true
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || (f.Anonymous && indirectKind(f.Type) == reflect.Struct) {
			continue // unexported, or an embedded struct whose fields are promoted
		}
		fname := f.Name
		if tag, ok := f.Tag.Lookup("py"); ok {
			if tag == "-" {
				continue
			}
			if tag != "" {
				fname = tag
			}
		}
		fv, err := v.FieldByIndexErr(f.Index)
		if err != nil {
			continue // promoted through a nil embedded pointer
		}
		if !first {
			p.buf.WriteString(", ")
		}
		first = false
		p.buf.WriteString(fname)
		p.buf.WriteByte('=')
		p.repr(fv)
	}
	p.buf.WriteByte(')')
}

func indirectKind(t reflect.Type) reflect.Kind {
	if t.Kind() == reflect.Pointer {
		return t.Elem().Kind()
	}
	return t.Kind()
}

// formatFloat formats f like Python's float repr (format code 'r'). bitSize
// selects the shortest round-trip digits for a float32 or a float64. With
// addDot0 an integral value in fixed notation gets a trailing ".0", as
// float.__repr__ does; complex repr omits it.
func formatFloat(f float64, bitSize int, addDot0 bool) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	// Shortest digits in the form [-]d[.ddd]e±XX.
	s := strconv.FormatFloat(f, 'e', -1, bitSize)
	var b strings.Builder
	if s[0] == '-' {
		b.WriteByte('-')
		s = s[1:]
	}
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	// Python's decpt: the value is 0.<digits> * 10**decpt.
	decpt := exp + 1
	switch {
	case decpt <= -4 || decpt > 16:
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if exp < 0 {
			b.WriteByte('-')
			exp = -exp
		} else {
			b.WriteByte('+')
		}
		if exp < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(exp))
	case decpt <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -decpt))
		b.WriteString(digits)
	case decpt >= len(digits):
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", decpt-len(digits)))
		if addDot0 {
			b.WriteString(".0")
		}
	default:
		b.WriteString(digits[:decpt])
		b.WriteByte('.')
		b.WriteString(digits[decpt:])
	}
	return b.String()
}

// formatComplex formats c like Python's complex repr: just the imaginary part
// when the real part is +0, otherwise (real±imagj).
func formatComplex(c complex128, bitSize int) string {
	re, im := real(c), imag(c)
	ims := formatFloat(im, bitSize, false)
	if re == 0 && !math.Signbit(re) {
		return ims + "j"
	}
	if ims[0] != '-' {
		ims = "+" + ims
	}
	return "(" + formatFloat(re, bitSize, false) + ims + "j)"
}

// quote returns s as Python's repr of a str.
func quote(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// Invalid UTF-8: Python's surrogateescape maps byte 0xNN
			// to the lone surrogate U+DCNN, which repr escapes.
			r = 0xdc00 + rune(s[i])
		}
		i += size
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || r == 0x7f:
			writeHex(&b, 'x', r, 2)
		case r < 0x7f:
			b.WriteByte(byte(r))
		case isPrintable(r):
			b.WriteRune(r)
		case r <= 0xff:
			writeHex(&b, 'x', r, 2)
		case r <= 0xffff:
			writeHex(&b, 'u', r, 4)
		default:
			writeHex(&b, 'U', r, 8)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// quoteBytes returns b as Python's repr of a bytes object.
func quoteBytes(bs []byte) string {
	q := byte('\'')
	if slices.Contains(bs, '\'') && !slices.Contains(bs, '"') {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(bs) + 3)
	b.WriteString("b")
	b.WriteByte(q)
	for _, c := range bs {
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < ' ' || c >= 0x7f:
			writeHex(&b, 'x', rune(c), 2)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// writeHex writes the escape \<kind> followed by r in width lower-case hex
// digits.
func writeHex(b *strings.Builder, kind byte, r rune, width int) {
	const hexDigits = "0123456789abcdef"
	b.WriteByte('\\')
	b.WriteByte(kind)
	for shift := 4 * (width - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[(r>>shift)&0xf])
	}
}

// isPrintable reports whether Python 3.13's str.isprintable() is true for r.
// It uses a table generated from CPython rather than unicode.IsPrint, whose
// answer depends on the Unicode version of the Go release.
func isPrintable(r rune) bool {
	if r < 0 || r > utf8.MaxRune {
		return false
	}
	// Count the bounds <= r; an odd count means printable.
	n, found := slices.BinarySearch(printableBounds[:], uint32(r))
	if found {
		n++
	}
	return n%2 == 1
}
