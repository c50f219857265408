package vn

import "reflect"

// NormalizeAll rewrites, in place, every string reachable from v (a pointer
// to a struct, slice or map) to NFC with surrounding spaces trimmed. Request
// bodies pass through it once, so no handler can forget a field.
func NormalizeAll(v any) {
	walk(reflect.ValueOf(v))
}

func walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walk(v.Elem())
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walk(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walk(v.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		iter := v.MapRange()
		type kv struct{ k, v reflect.Value }
		var changed []kv
		for iter.Next() {
			k, val := iter.Key(), iter.Value()
			nv := reflect.New(val.Type()).Elem()
			nv.Set(val)
			walk(nv)
			nk := k
			if k.Kind() == reflect.String {
				nk = reflect.ValueOf(Clean(k.String())).Convert(k.Type())
			}
			changed = append(changed, kv{k, reflect.Value{}}, kv{nk, nv})
		}
		for i := 0; i < len(changed); i += 2 {
			v.SetMapIndex(changed[i].k, reflect.Value{})
		}
		for i := 1; i < len(changed); i += 2 {
			v.SetMapIndex(changed[i].k, changed[i].v)
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(Clean(v.String()))
		}
	}
}
