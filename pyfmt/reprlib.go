package pyfmt

import (
	"cmp"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// This file is reprlib.repr with reprlib.Repr's default limits: the
// shortened repr asyncio shows for a future's result. Containers show at
// most a few elements and are nested at most six deep; long strings and
// long reprs of other values are cut in the middle with "...".

// reprlib.Repr's defaults.
const (
	rlMaxLevel  = 6
	rlMaxList   = 6 // lists and tuples (maxlist, maxtuple)
	rlMaxSet    = 6
	rlMaxDict   = 4
	rlMaxString = 30
	rlMaxLong   = 40
	rlMaxOther  = 30
	rlFill      = "..."
)

var (
	bigIntType    = reflect.TypeFor[big.Int]()
	bigIntPtrType = reflect.TypeFor[*big.Int]()
)

// ReprLimit returns reprlib.repr(v): Repr with reprlib's limits (lists,
// tuples and sets show 6 elements, dicts 4 entries with their keys
// sorted, strings are cut to 30 characters, ints to 40 digits and the
// repr of anything else to 30 characters).
func ReprLimit(v any) string { return rlRepr(reflect.ValueOf(v), rlMaxLevel) }

func rlRepr(v reflect.Value, level int) string {
	for v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	for v.IsValid() && v.Kind() == reflect.Pointer && !v.IsNil() && !hasOwnMethod(v.Type(), reprMethods) {
		v = v.Elem()
	}
	if !v.IsValid() || (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return "None"
	}
	if v.CanInterface() {
		x := v.Interface()
		if _, ok := x.(PyReprer); ok {
			return rlCut(Repr(x), rlMaxOther)
		}
		switch v.Type() {
		case tupleType:
			t := x.(Tuple)
			return rlIterable(len(t), func(i int) reflect.Value { return reflect.ValueOf(t[i]) }, level, "(", ")", rlMaxList, ",")
		case dictType:
			d := x.(Dict)
			keys := make([]reflect.Value, len(d))
			vals := make([]reflect.Value, len(d))
			for i, kv := range d {
				keys[i], vals[i] = reflect.ValueOf(kv.Key), reflect.ValueOf(kv.Value)
			}
			return rlDict(keys, vals, level)
		case bytesType, durationType:
			return rlCut(Repr(x), rlMaxOther)
		case bigIntType, bigIntPtrType:
			return rlCut(Repr(x), rlMaxLong) // a Python int
		}
		switch x.(type) {
		case error, fmt.Stringer:
			return rlCut(Repr(x), rlMaxOther)
		}
	}
	switch v.Kind() {
	case reflect.String:
		return rlString(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return rlCut(Repr(v.Interface()), rlMaxLong)
	case reflect.Slice, reflect.Array:
		return rlIterable(v.Len(), v.Index, level, "[", "]", rlMaxList, "")
	case reflect.Map:
		keys := v.MapKeys()
		if v.Type().Elem() == emptyStruct {
			if len(keys) == 0 {
				return "set()"
			}
			rlSortKeys(keys)
			return rlIterable(len(keys), func(i int) reflect.Value { return keys[i] }, level, "{", "}", rlMaxSet, "")
		}
		vals := make([]reflect.Value, len(keys))
		for i, k := range keys {
			vals[i] = v.MapIndex(k)
		}
		return rlDict(keys, vals, level)
	}
	if v.CanInterface() {
		return rlCut(Repr(v.Interface()), rlMaxOther)
	}
	return rlCut(Repr(nil), rlMaxOther)
}

// rlIterable is Repr._repr_iterable.
func rlIterable(n int, at func(int) reflect.Value, level int, left, right string, max int, trail string) string {
	if level <= 0 && n > 0 {
		return left + rlFill + right
	}
	pieces := make([]string, 0, min(n, max)+1)
	for i := range min(n, max) {
		pieces = append(pieces, rlRepr(at(i), level-1))
	}
	if n > max {
		pieces = append(pieces, rlFill)
	}
	if n == 1 && trail != "" {
		right = trail + right
	}
	return left + strings.Join(pieces, ", ") + right
}

// rlDict is Repr.repr_dict: the keys sorted when they can be.
func rlDict(keys, vals []reflect.Value, level int) string {
	n := len(keys)
	if n == 0 {
		return "{}"
	}
	if level <= 0 {
		return "{" + rlFill + "}"
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	if rlSortable(keys) {
		slices.SortStableFunc(order, func(a, b int) int { return rlCompare(keys[a], keys[b]) })
	}
	var pieces []string
	for _, i := range order[:min(n, rlMaxDict)] {
		pieces = append(pieces, rlRepr(keys[i], level-1)+": "+rlRepr(vals[i], level-1))
	}
	if n > rlMaxDict {
		pieces = append(pieces, rlFill)
	}
	return "{" + strings.Join(pieces, ", ") + "}"
}

// rlSortKeys orders set elements as _possibly_sorted does: sorted if
// they can be compared, otherwise as Repr orders a Go map (by repr).
func rlSortKeys(keys []reflect.Value) {
	if rlSortable(keys) {
		slices.SortStableFunc(keys, rlCompare)
		return
	}
	slices.SortStableFunc(keys, func(a, b reflect.Value) int { return strings.Compare(Repr(a.Interface()), Repr(b.Interface())) })
}

// rlSortable reports whether sorted() would order the keys: all numbers
// or all strings.
func rlSortable(keys []reflect.Value) bool {
	kind := 0
	for _, k := range keys {
		for k.Kind() == reflect.Interface && !k.IsNil() {
			k = k.Elem()
		}
		c := 0
		switch k.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
			reflect.Float32, reflect.Float64:
			c = 1
		case reflect.String:
			c = 2
		default:
			return false
		}
		if kind != 0 && c != kind {
			return false
		}
		kind = c
	}
	return true
}

func rlCompare(a, b reflect.Value) int {
	for a.Kind() == reflect.Interface {
		a = a.Elem()
	}
	for b.Kind() == reflect.Interface {
		b = b.Elem()
	}
	if a.Kind() == reflect.String {
		return cmp.Compare(a.String(), b.String())
	}
	return cmp.Compare(rlNumber(a), rlNumber(b))
}

func rlNumber(v reflect.Value) float64 {
	switch {
	case v.CanInt():
		return float64(v.Int())
	case v.CanUint():
		return float64(v.Uint())
	}
	return v.Float()
}

// rlString is Repr.repr_str: lengths count code points.
func rlString(s string) string {
	r := []rune(s)
	out := quote(string(r[:min(len(r), rlMaxString)]))
	if utf8.RuneCountInString(out) > rlMaxString {
		i := max(0, (rlMaxString-3)/2)
		j := max(0, rlMaxString-3-i)
		q := []rune(quote(string(r[:i]) + string(r[len(r)-j:])))
		out = string(q[:i]) + rlFill + string(q[len(q)-j:])
	}
	return out
}

// rlCut is the cut of Repr.repr_int and Repr.repr_instance: a repr longer
// than max code points keeps its head and tail around "...".
func rlCut(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	i := (max - 3) / 2
	j := max - 3 - i
	return string(r[:i]) + rlFill + string(r[len(r)-j:])
}
