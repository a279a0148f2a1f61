//! Derives kubeplay-core's JSON conversions: `Encode` (a type to a `crate::json::Value`), `Decode`
//! (back, with serde's rules for missing and unknown fields) and `ToJson` (JSON text in
//! declaration order, for the page and saved sessions). They read `#[kp(...)]` attributes with
//! serde's vocabulary: `rename_all`, `rename`, `default`, `skip_serializing_if`, `flatten`.
//!
//! The generated code is one non-generic call per field into small helpers of
//! `kubeplay_core::api::value`, so that a type costs little more than its field names.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Ts;
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields, Ident, LitStr};

/// A field and what its attributes say.
struct Field {
    ident: Ident,
    key: String,
    default: bool,
    skip_if: Option<syn::Path>,
    flatten: bool,
}

/// The container's `rename_all`, if any.
fn rename_all(attrs: &[syn::Attribute]) -> syn::Result<Option<String>> {
    let mut out = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("kp")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename_all") {
                out = Some(meta.value()?.parse::<LitStr>()?.value());
                Ok(())
            } else {
                Err(meta.error("unsupported kp container attribute"))
            }
        })?;
    }
    Ok(out)
}

/// `snake_case` as serde's `rename_all` rule writes it.
fn apply_rule(rule: Option<&str>, name: &str) -> String {
    match rule {
        Some("camelCase") => {
            let mut out = String::new();
            let mut upper = false;
            for c in name.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.push(c.to_ascii_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
        Some("lowercase") => name.to_ascii_lowercase(),
        _ => name.to_string(),
    }
}

fn fields(input: &DeriveInput) -> syn::Result<Vec<Field>> {
    let rule = rename_all(&input.attrs)?;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "expected a struct"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(&input.ident, "expected named fields"));
    };
    let mut out = Vec::new();
    for f in &named.named {
        let Some(ident) = f.ident.clone() else { continue };
        let name = ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_string();
        let mut field =
            Field { key: apply_rule(rule.as_deref(), &name), ident, default: false, skip_if: None, flatten: false };
        for attr in f.attrs.iter().filter(|a| a.path().is_ident("kp")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("default") {
                    field.default = true;
                } else if meta.path.is_ident("flatten") {
                    field.flatten = true;
                } else if meta.path.is_ident("rename") {
                    field.key = meta.value()?.parse::<LitStr>()?.value();
                } else if meta.path.is_ident("skip_serializing_if") {
                    field.skip_if = Some(meta.value()?.parse::<LitStr>()?.parse::<syn::Path>()?);
                } else {
                    return Err(meta.error("unsupported kp field attribute"));
                }
                Ok(())
            })?;
        }
        out.push(field);
    }
    Ok(out)
}

fn expand(input: TokenStream, f: fn(&DeriveInput) -> syn::Result<Ts>) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match f(&input) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// `Encode`: the struct as a JSON object (keys sorted, as `Value` keeps them).
#[proc_macro_derive(Encode, attributes(kp))]
pub fn derive_encode(input: TokenStream) -> TokenStream {
    expand(input, encode)
}

fn encode(input: &DeriveInput) -> syn::Result<Ts> {
    let name = &input.ident;
    let (ig, tg, wc) = input.generics.split_for_impl();
    let mut body = Vec::new();
    for f in fields(input)? {
        let ident = &f.ident;
        let key = &f.key;
        let put = if f.flatten {
            quote! { crate::api::value::Flatten::put_rest(&self.#ident, &mut m); }
        } else {
            quote! { crate::api::value::put(&mut m, #key, &self.#ident); }
        };
        body.push(match &f.skip_if {
            Some(p) => quote! { if !#p(&self.#ident) { #put } },
            None => put,
        });
    }
    Ok(quote! {
        impl #ig crate::api::value::Encode for #name #tg #wc {
            fn encode(&self) -> crate::json::Value {
                let mut m = crate::json::Map::new();
                #(#body)*
                crate::json::Value::Object(m)
            }
        }
    })
}

/// `Decode`: the struct from a JSON object; unknown fields go to the `flatten` field or are
/// dropped, missing ones are defaulted (`default`) or refused (`missing field`).
#[proc_macro_derive(Decode, attributes(kp))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    expand(input, decode)
}

fn decode(input: &DeriveInput) -> syn::Result<Ts> {
    let name = &input.ident;
    let (ig, tg, wc) = input.generics.split_for_impl();
    let expected = format!("struct {name}");
    let fields = fields(input)?;
    let mut steps = Vec::new();
    let mut rest = Vec::new();
    for f in &fields {
        let ident = &f.ident;
        let key = &f.key;
        if f.flatten {
            rest.push(quote! { self.#ident = crate::api::value::Flatten::from_rest(m); });
        } else if f.default {
            steps.push(quote! { crate::api::value::field(&mut m, #key, &mut self.#ident)?; });
        } else {
            steps.push(quote! { crate::api::value::required(&mut m, #key, &mut self.#ident)?; });
        }
    }
    if rest.len() > 1 {
        return Err(syn::Error::new_spanned(name, "at most one flatten field"));
    }
    // Decoding in place into a default value keeps each field to one non-generic call.
    Ok(quote! {
        impl #ig crate::api::value::Decode for #name #tg #wc {
            fn decode(v: crate::json::Value) -> Result<Self, String> {
                let mut out = <Self as Default>::default();
                crate::api::value::Decode::decode_into(&mut out, v)?;
                Ok(out)
            }

            fn decode_into(&mut self, v: crate::json::Value) -> Result<(), String> {
                #[allow(unused_mut)]
                let mut m = crate::api::value::object(v, #expected)?;
                #(#steps)*
                #(#rest)*
                Ok(())
            }
        }
    })
}

/// `ToJson`: JSON text with the fields in declaration order (a struct), or the variant's name as
/// a string (an enum of unit variants).
#[proc_macro_derive(ToJson, attributes(kp))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    expand(input, to_json)
}

fn to_json(input: &DeriveInput) -> syn::Result<Ts> {
    let name = &input.ident;
    let (ig, tg, wc) = input.generics.split_for_impl();
    let body = if let Data::Enum(data) = &input.data {
        let rule = rename_all(&input.attrs)?;
        let arms = data.variants.iter().map(|v| {
            let ident = &v.ident;
            let text = apply_rule(rule.as_deref(), &ident.to_string());
            quote! { #name::#ident => #text, }
        });
        quote! { crate::api::value::write_str(out, match self { #(#arms)* }); }
    } else {
        let mut parts = Vec::new();
        for f in fields(input)? {
            let ident = &f.ident;
            let key = format!("\"{}\":", f.key);
            if f.flatten || f.default {
                return Err(syn::Error::new_spanned(ident, "ToJson supports rename and skip_serializing_if only"));
            }
            let put = quote! { crate::api::value::json_field(out, #key, &self.#ident); };
            parts.push(match &f.skip_if {
                Some(p) => quote! { if !#p(&self.#ident) { #put } },
                None => put,
            });
        }
        quote! {
            out.push('{');
            #(#parts)*
            out.push('}');
        }
    };
    Ok(quote! {
        impl #ig crate::api::value::ToJson for #name #tg #wc {
            fn write_json(&self, out: &mut String) {
                #body
            }
        }
    })
}
