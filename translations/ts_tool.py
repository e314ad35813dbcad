#!/usr/bin/env python3
"""Lists and fills messages of a Qt Linguist .ts file.

  translations/ts_tool.py unfinished translations/holdfast_de.ts   # JSON of what needs a translation
  translations/ts_tool.py fill translations/holdfast_de.ts de.json   # fills them in from a JSON file

The JSON is a list of objects {"context", "source", "comment", "translation"}; "translation" is a
string, or a list of strings (one per plural form) for %n messages. `fill` only touches messages
that are unfinished, so reviewed translations stay. Run `cmake --build build --target
update_translations` afterwards: lupdate rewrites the file in its own layout.
"""
import json
import sys
import xml.etree.ElementTree as ET


def messages(root):
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message


def key(context, message):
    return (context, message.findtext("source"), message.findtext("comment") or "")


def unfinished(path):
    root = ET.parse(path).getroot()
    out = []
    for context, message in messages(root):
        translation = message.find("translation")
        if translation.get("type") == "unfinished":
            c, source, comment = key(context, message)
            out.append({"context": c, "source": source, "comment": comment,
                        "numerus": message.get("numerus") == "yes", "translation": ""})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


def fill(path, json_path):
    with open(json_path, encoding="utf-8") as f:
        entries = json.load(f)
    wanted = {(e["context"], e["source"], e.get("comment", "")): e["translation"] for e in entries}
    tree = ET.parse(path)
    filled = missing = 0
    for context, message in messages(tree.getroot()):
        translation = message.find("translation")
        if translation.get("type") != "unfinished":
            continue
        text = wanted.get(key(context, message))
        if not text:
            missing += 1
            continue
        if message.get("numerus") == "yes":
            forms = text if isinstance(text, list) else [text]
            for child in list(translation):
                translation.remove(child)
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = text
        del translation.attrib["type"]
        filled += 1
    with open(path, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
    print(f"{path}: {filled} filled, {missing} still unfinished", file=sys.stderr)
    return 0 if missing == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "unfinished":
        sys.exit(unfinished(sys.argv[2]))
    if len(sys.argv) == 4 and sys.argv[1] == "fill":
        sys.exit(fill(sys.argv[2], sys.argv[3]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
