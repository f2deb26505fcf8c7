"""Appending one rendered .docx to another for the combined set, on python-docx and lxml.

The body of the appended document is copied before the master's final section properties, and
everything its XML refers to by id is carried over so that it prints as it does alone:

* Styles: a style is found in the master by its name (style ids may be language-specific); one
  the master lacks is copied with the styles it is based on, linked to and followed by.  A style
  both have keeps the master's definition (as docxcompose did); the shipped templates define
  every shared style identically (a test checks).
* Numbering: each ``w:num`` the part uses is copied with a new ``numId`` and its
  ``w:abstractNum`` with a new ``abstractNumId`` and ``nsid``, so its lists count on their own
  and start from 1 as in the part printed alone.  A paragraph numbered through its style gets
  that numbering directly, since the style in the master points to the master's list.
* Relationships: images are added once by content, external links by target, any other part
  (a chart, an embedded object) is copied with its own relationships.  Header and footer
  references of inner sections go: the combined set gives every section the master's headers.
* Footnotes and endnotes the body refers to are added to the master's notes under new ids.
* Bookmark ids and drawing ids are made unique across the combined body.
"""

from __future__ import annotations

import copy
import io
import re
import zlib
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
STYLE_REFERENCES = (f"{W}pStyle", f"{W}rStyle", f"{W}tblStyle")
STYLE_LINKS = (f"{W}basedOn", f"{W}link", f"{W}next")


def append_document(master: Any, part: Any) -> None:
    """Copy the body of ``part`` (a python-docx Document) to the end of ``master``'s body, before
    its final section properties (which ``part``'s own final ones do not replace)."""
    body = master.element.body
    at = body.index(body.sectPr) if body.sectPr is not None else len(body)
    styles = _Styles(master, part)
    numbering = _Numbering(master, part, styles)
    relationships = _Relationships(part.part, master.part)
    notes = _Notes(part.part, master.part, styles, numbering)
    bookmarks = 1 + max((int(b.get(f"{W}id")) for b in body.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd")), default=-1)
    for source in part.element.body:
        if source.tag == f"{W}sectPr":
            continue
        element = copy.deepcopy(source)
        for ref in list(element.iter(f"{W}headerReference", f"{W}footerReference")):
            ref.getparent().remove(ref)
        _carry(element, styles, numbering, relationships)
        notes.carry(element)
        for mark in element.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd"):
            mark.set(f"{W}id", str(int(mark.get(f"{W}id")) + bookmarks))
        body.insert(at, element)
        at += 1
    for i, drawing in enumerate(body.iter(f"{WP}docPr"), start=1):
        drawing.set("id", str(i))


def _carry(element: Any, styles: _Styles, numbering: _Numbering, relationships: _Relationships) -> None:
    """Point the copied ``element`` at the master's styles, lists and relationships."""
    for p in element.iter(f"{W}p"):
        numbering.by_style(p)
    for num_id in element.iter(f"{W}numId"):
        num_id.set(f"{W}val", numbering.num(num_id.get(f"{W}val")))
    for ref in element.iter(*STYLE_REFERENCES):
        ref.set(f"{W}val", styles.use(ref.get(f"{W}val"), numbering))
    relationships.carry(element)


class _Styles:
    """The part's styles as the master knows them; the missing ones copied in."""

    def __init__(self, master: Any, part: Any) -> None:
        self.master = master.styles.element
        self.own = {s.get(f"{W}styleId"): s for s in part.styles.element.iter(f"{W}style")}
        self.names: dict[str, str] = {_name(s): s.get(f"{W}styleId") for s in self.master.iter(f"{W}style")}
        self.ids = set(self.names.values())
        self.mapped: dict[str, str] = {}
        self.default = next(
            (i for i, s in self.own.items() if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true")),
            None,
        )

    def use(self, style_id: str, numbering: _Numbering) -> str:
        """The master's id of the part's style ``style_id``, copying the style in if missing."""
        if style_id in self.mapped:
            return self.mapped[style_id]
        style = self.own.get(style_id)
        if style is None:  # a reference to no style: Word and LibreOffice ignore it, and so do we
            return style_id
        target = self.names.get(_name(style), style_id)
        self.mapped[style_id] = target
        if target in self.ids:
            return target
        new = copy.deepcopy(style)
        self.ids.add(target)
        self.master.append(new)
        for link in new.iter(*STYLE_LINKS):
            link.set(f"{W}val", self.use(link.get(f"{W}val"), numbering))
        for num_id in new.iter(f"{W}numId"):
            num_id.set(f"{W}val", numbering.num(num_id.get(f"{W}val")))
        return target

    def numbering(self, style_id: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) a paragraph of the part's style ``style_id`` takes from it or the
        styles it is based on."""
        seen = set()
        num_id = level = None
        while style_id and style_id not in seen and (style := self.own.get(style_id)) is not None:
            seen.add(style_id)
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                if level is None and (el := num_pr.find(f"{W}ilvl")) is not None:
                    level = el.get(f"{W}val")
                if num_id is None and (el := num_pr.find(f"{W}numId")) is not None:
                    num_id = el.get(f"{W}val")
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return num_id, level


def _name(style: Any) -> str:
    name = style.find(f"{W}name")
    return str(name.get(f"{W}val")) if name is not None else str(style.get(f"{W}styleId"))


class _Numbering:
    """The part's lists copied into the master's numbering under new ids, each counting on its own."""

    def __init__(self, master: Any, part: Any, styles: _Styles) -> None:
        self.master, self.part, self.styles = master, part, styles
        self.mapped: dict[str, str] = {"0": "0"}  # numId 0: «not numbered»
        self.abstract: dict[str, str] = {}

    def by_style(self, p: Any) -> None:
        """Numbering a paragraph takes from its style, given to it directly (the master's style
        of that name points to the master's list)."""
        ppr = p.find(f"{W}pPr")
        own = ppr.find(f"{W}numPr/{W}numId") if ppr is not None else None
        if own is not None:
            return
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        num_id, level = self.styles.numbering(style.get(f"{W}val") if style is not None else self.styles.default)
        if num_id is None or num_id == "0":
            return
        num_pr = p.get_or_add_pPr().get_or_add_numPr()
        if num_pr.ilvl is None:
            num_pr.get_or_add_ilvl().val = int(level or 0)
        num_pr.get_or_add_numId().val = int(num_id)

    def num(self, num_id: str) -> str:
        """The master's numId for the part's ``num_id``, its list copied in on first use."""
        if num_id in self.mapped:
            return self.mapped[num_id]
        source = self.part.part.numbering_part.element
        found = source.find(f"{W}num[@{W}numId='{num_id}']")
        if found is None:  # a dangling reference stays as it is
            self.mapped[num_id] = num_id
            return num_id
        target = self.master.part.numbering_part.element
        nums = target.findall(f"{W}num")
        new_id = str(1 + max((int(n.get(f"{W}numId")) for n in nums), default=0))
        new = copy.deepcopy(found)
        new.set(f"{W}numId", new_id)
        abstract = new.find(f"{W}abstractNumId")
        if abstract is not None:
            abstract.set(f"{W}val", self._abstract(abstract.get(f"{W}val"), target))
        (nums[-1].addnext(new) if nums else target.append(new))
        self.mapped[num_id] = new_id
        return new_id

    def _abstract(self, abstract_id: str, target: Any) -> str:
        if abstract_id in self.abstract:
            return self.abstract[abstract_id]
        found = self.part.part.numbering_part.element.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']")
        if found is None:
            return abstract_id
        existing = target.findall(f"{W}abstractNum")
        new_id = str(1 + max((int(a.get(f"{W}abstractNumId")) for a in existing), default=-1))
        new = copy.deepcopy(found)
        new.set(f"{W}abstractNumId", new_id)
        for ref in new.iter(f"{W}pStyle"):  # a level linked to a paragraph style
            ref.set(f"{W}val", self.styles.use(ref.get(f"{W}val"), self))
        nsid = new.find(f"{W}nsid")
        if nsid is not None:  # Word joins lists of one nsid: a new one, the same on every run
            taken = {el.get(f"{W}val") for el in target.iter(f"{W}nsid")}
            seed = f"{nsid.get(f'{W}val')}:{new_id}"
            value = f"{zlib.crc32(seed.encode()):08X}"
            while value in taken:
                seed += "'"
                value = f"{zlib.crc32(seed.encode()):08X}"
            nsid.set(f"{W}val", value)
        first_num = target.find(f"{W}num")
        if existing:
            existing[-1].addnext(new)
        elif first_num is not None:
            first_num.addprevious(new)
        else:
            target.append(new)
        self.abstract[abstract_id] = new_id
        return new_id


class _Relationships:
    """The relationships of the package part ``part`` re-made from ``master`` (the part the copied
    XML now lives in): ids in the copied XML rewritten."""

    def __init__(self, part: Any, master: Any) -> None:
        self.part, self.master = part, master
        self.copied: dict[int, Any] = {}

    def carry(self, element: Any) -> None:
        for el in element.iter():
            for key, rid in el.attrib.items():
                if key.startswith(R) and rid in self.part.rels:
                    el.set(key, self._rid(self.part.rels[rid]))

    def _rid(self, rel: Any) -> str:
        if rel.is_external:
            return str(self.master.rels.get_or_add_ext_rel(rel.reltype, rel.target_ref))
        if rel.reltype == RT.IMAGE:
            image = self.master.package.get_or_add_image_part(io.BytesIO(rel.target_part.blob))
            return str(self.master.relate_to(image, RT.IMAGE))
        return str(self.master.relate_to(self._copy(rel.target_part), rel.reltype))

    def _copy(self, source: Any) -> Any:
        """A copy of ``source`` under a free name of the same pattern, with its relationships."""
        if id(source) in self.copied:
            return self.copied[id(source)]
        package = self.master.package
        pattern = re.sub(r"\d*(\.[^./]+)$", r"%d\1", str(source.partname).replace("%", "%%"))
        new = Part(package.next_partname(pattern), source.content_type, source.blob, package)
        self.copied[id(source)] = new
        for rid, rel in source.rels.items():
            if rel.is_external:
                new.load_rel(rel.reltype, rel.target_ref, rid, is_external=True)
            elif rel.reltype == RT.IMAGE:
                new.load_rel(rel.reltype, package.get_or_add_image_part(io.BytesIO(rel.target_part.blob)), rid)
            else:
                new.load_rel(rel.reltype, self._copy(rel.target_part), rid)
        return new


class _Notes:
    """Footnotes and endnotes the copied body refers to, added to the master's under new ids."""

    KINDS = (
        (f"{W}footnoteReference", RT.FOOTNOTES, CT.WML_FOOTNOTES, "footnote"),
        (f"{W}endnoteReference", RT.ENDNOTES, CT.WML_ENDNOTES, "endnote"),
    )

    def __init__(self, part: Any, master: Any, styles: _Styles, numbering: _Numbering) -> None:
        self.part, self.master, self.styles, self.numbering = part, master, styles, numbering

    def carry(self, element: Any) -> None:
        for tag, reltype, content_type, kind in self.KINDS:
            refs = list(element.iter(tag))
            if refs:
                self._move(refs, reltype, content_type, kind)

    def _move(self, refs: list[Any], reltype: str, content_type: str, kind: str) -> None:
        try:
            source_part = self.part.part_related_by(reltype)
        except KeyError:  # references to notes the part does not have: left as they are
            return
        source = parse_xml(source_part.blob)
        target_part = self._target(reltype, content_type, kind)
        target = target_part.element if isinstance(target_part, XmlPart) else parse_xml(target_part.blob)
        relationships = _Relationships(source_part, target_part)
        next_id = 1 + max((int(n.get(f"{W}id")) for n in target), default=0)
        for ref in refs:
            found = source.find(f"{W}{kind}[@{W}id='{ref.get(f'{W}id')}']")
            if found is None:
                continue
            note = copy.deepcopy(found)
            _carry(note, self.styles, self.numbering, relationships)
            note.set(f"{W}id", str(next_id))
            ref.set(f"{W}id", str(next_id))
            target.append(note)
            next_id += 1
        if not isinstance(target_part, XmlPart):  # python-docx keeps notes as bytes
            target_part._blob = serialize_part_xml(target)

    def _target(self, reltype: str, content_type: str, kind: str) -> Any:
        """The master's notes part, made (with Word's two separators) if it has none."""
        try:
            return self.master.part_related_by(reltype)
        except KeyError:
            pass
        blob = (
            f'<w:{kind}s xmlns:w="{W[1:-1]}" xmlns:r="{R[1:-1]}">'
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
            f"</w:{kind}s>"
        )
        package = self.master.package
        new = Part(package.next_partname(f"/word/{kind}s%d.xml"), content_type, blob.encode(), package)
        self.master.relate_to(new, reltype)
        return new
