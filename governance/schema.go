package governance

import (
	"fmt"
	"reflect"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"

	"github.com/pmohq/pmo"
)

// objType is a CEL object type of the project view, backed by a Go type
// whose fields are read through getters: no reflection at run time.
type objType struct {
	name    string
	doc     string
	celType *types.Type
	fields  []*field
	byName  map[string]*field
}

// field is one field of an objType.
type field struct {
	name, doc string
	typ       *types.Type
	typeDoc   string // the type as the reference shows it
	get       func(any) any
	ft        *types.FieldType
}

var objTypes = map[string]*objType{}

func newObj(name, doc string) *objType {
	o := &objType{name: name, doc: doc, byName: map[string]*field{},
		celType: types.NewObjectType(name, traits.FieldTesterType|traits.IndexerType)}
	objTypes[name] = o
	return o
}

// def adds a field to o read by get from a *T.
func def[T any](o *objType, name string, typ *types.Type, typeDoc, doc string, get func(*T) any) {
	f := &field{name: name, doc: doc, typ: typ, typeDoc: typeDoc}
	f.get = func(v any) any {
		t, ok := v.(*T)
		if !ok || t == nil {
			return nil
		}
		return get(t)
	}
	f.ft = &types.FieldType{
		Type: typ,
		IsSet: func(v any) bool {
			return filled(f.get(v))
		},
		GetFrom: func(v any) (any, error) {
			if _, ok := v.(*T); !ok {
				return nil, fmt.Errorf("no field %s on %T", name, v)
			}
			return f.get(v), nil
		},
	}
	o.fields = append(o.fields, f)
	o.byName[name] = f
}

// filled is has() on view fields: null, empty text, empty lists and maps,
// false and zero numbers count as not filled.
func filled(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case types.String:
		return v != ""
	case types.Int:
		return v != 0
	case types.Double:
		return v != 0
	case types.Bool:
		return bool(v)
	case string:
		return v != ""
	case float64:
		return v != 0
	case []any:
		return len(v) > 0
	case []string:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	case traits.Sizer:
		return v.Size() != types.IntZero
	}
	return true
}

var (
	tsOrNull  = "timestamp or null"
	listOf    = func(o *objType) *types.Type { return types.NewListType(o.celType) }
	intList   = types.NewListType(types.IntType)
	strType   = types.StringType
	intType   = types.IntType
	dblType   = types.DoubleType
	boolType  = types.BoolType
	timeType  = types.TimestampType
	dynMap    = types.NewMapType(types.StringType, types.DynType)
	strList   = types.NewListType(types.StringType)
	moneyType = newObj("pmo.Money", "An amount of money.")
)

func init() {
	def(moneyType, "amount", dblType, "double", "the amount in major units, e.g. 1250000.0", func(m *pmo.Money) any { return amount(*m) })
	def(moneyType, "currency", strType, "string", "ISO 4217 code, e.g. EUR; empty when no amount is set", func(m *pmo.Money) any { return m.Currency })
}

// object is a view value inside CEL.
type object struct {
	v any
	t *objType
}

func (o *object) ConvertToNative(typ reflect.Type) (any, error) {
	if reflect.TypeOf(o.v).AssignableTo(typ) {
		return o.v, nil
	}
	return nil, fmt.Errorf("%s cannot be converted to %v", o.t.name, typ)
}

func (o *object) ConvertToType(t ref.Type) ref.Val {
	switch {
	case t == types.TypeType:
		return o.t.celType
	case t.TypeName() == o.t.name:
		return o
	}
	return types.NewErr("%s cannot be converted to %s", o.t.name, t.TypeName())
}

func (o *object) Equal(other ref.Val) ref.Val {
	x, ok := other.(*object)
	return types.Bool(ok && x.v == o.v)
}

func (o *object) Type() ref.Type { return o.t.celType }
func (o *object) Value() any     { return o.v }

// Get implements traits.Indexer for dynamic access such as project["code"].
func (o *object) Get(index ref.Val) ref.Val {
	f := o.field(index)
	if f == nil {
		return types.NewErr("no such field %v on %s", index, o.t.name)
	}
	return theAdapter.NativeToValue(f.get(o.v))
}

// IsSet implements traits.FieldTester.
func (o *object) IsSet(index ref.Val) ref.Val {
	f := o.field(index)
	if f == nil {
		return types.NewErr("no such field %v on %s", index, o.t.name)
	}
	return types.Bool(filled(f.get(o.v)))
}

func (o *object) field(index ref.Val) *field {
	s, ok := index.(types.String)
	if !ok {
		return nil
	}
	return o.t.byName[string(s)]
}

// adapter turns view values into CEL values and defers the rest to CEL's registry.
type adapter struct{ base types.Adapter }

var theAdapter = func() *adapter {
	reg, err := types.NewRegistry()
	if err != nil {
		panic(err)
	}
	return &adapter{base: reg}
}()

func (a *adapter) NativeToValue(v any) ref.Val {
	if rv, ok := v.(ref.Val); ok { // most view fields are CEL values already
		return rv
	}
	switch v := v.(type) {
	case *projectView:
		return &object{v, projectType}
	case *statusView:
		return &object{v, statusType}
	case *pmo.Money:
		return &object{v, moneyType}
	case *pmo.Risk:
		return &object{v, riskType}
	case *pmo.Issue:
		return &object{v, issueType}
	case *pmo.Action:
		return &object{v, actionType}
	case *pmo.Decision:
		return &object{v, decisionType}
	case *pmo.Dependency:
		return &object{v, dependencyType}
	case *milestoneView:
		return &object{v, milestoneType}
	case *changeView:
		return &object{v, changeType}
	case *Artefact:
		return &object{v, artefactType}
	case *Approval:
		return &object{v, approvalType}
	case []any:
		return types.NewDynamicList(a, v)
	case map[string]any:
		return types.NewStringInterfaceMap(a, v)
	case int:
		return types.Int(v)
	}
	return a.base.NativeToValue(v)
}

// provider declares the view's object types to the CEL checker and lets
// the interpreter read their fields through the getters.
type provider struct{ base types.Provider }

func (p *provider) EnumValue(name string) ref.Val { return p.base.EnumValue(name) }

func (p *provider) FindIdent(name string) (ref.Val, bool) { return p.base.FindIdent(name) }

func (p *provider) FindStructType(name string) (*types.Type, bool) {
	if o := objTypes[name]; o != nil {
		return types.NewTypeTypeWithParam(o.celType), true
	}
	return p.base.FindStructType(name)
}

func (p *provider) FindStructFieldNames(name string) ([]string, bool) {
	o := objTypes[name]
	if o == nil {
		return p.base.FindStructFieldNames(name)
	}
	names := make([]string, len(o.fields))
	for i, f := range o.fields {
		names[i] = f.name
	}
	return names, true
}

func (p *provider) FindStructFieldType(name, fieldName string) (*types.FieldType, bool) {
	o := objTypes[name]
	if o == nil {
		return p.base.FindStructFieldType(name, fieldName)
	}
	f := o.byName[fieldName]
	if f == nil {
		return nil, false
	}
	return f.ft, true
}

func (p *provider) NewValue(name string, fields map[string]ref.Val) ref.Val {
	if objTypes[name] != nil {
		return types.NewErr("%s values cannot be created in an expression", name)
	}
	return p.base.NewValue(name, fields)
}
