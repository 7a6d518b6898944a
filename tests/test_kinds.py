"""Paragraph kinds: block and line level (cleanup.kinds is shared by several passes)."""
import pytest

from cleanup import kinds as K
from cleanup.model import Document


@pytest.mark.parametrize("text,kind", [
    ("●本报记者 冯燕平 李海珍", K.BYLINE),
    ("□梁倩姝 谷台 吴香凝", K.BYLINE),
    ("（李海珍）", K.BYLINE),
    ("本报讯（记者 云静）2月11日上午，包钢一行赴中信集团拜访。", K.DATELINE),
    ("新华社北京2月19日电（记者 王立彬）水利部近日召开会议。", K.DATELINE),
    ("俯瞰城市南部。王劲凯 摄", K.CAPTION),
    ("▲净水厂一景", K.CAPTION),
    ("本版图片由本报记者张尹焱闫鑫阿柔娜提供", K.CAPTION),
    ("（下转第2版）", K.JUMP),
    ("（上接第1版）", K.JUMP),
    ("前言:", K.LABEL),
    ("采访手记", K.LABEL),
    ("——学习贯彻党的二十大精神研讨班侧记", K.KICKER),
    ("开启中国式现代化的新长征", K.HEADLINE),
    ("# 凝心聚力担使命 砥砺奋进新征程", K.HEADLINE),
    ("呼和浩特：努力绘制京蒙协作新画卷\n●本报记者 冯燕平 李海珍", K.HEADLINE),
    ("这个班开在“关键时刻”，全面贯彻党的二十大精神的开局之年。", K.BODY),
    ("记者走进呼和浩特经济技术开发区净水厂采访，看到工人正在巡检。", K.BODY),
])
def test_classify_block(text, kind):
    assert K.classify_block(text) == kind


@pytest.mark.parametrize("line,kind", [
    ("●本报记者 若谷", K.BYLINE),
    ("本报记者 冯燕平 李海珍", K.BYLINE),
    ("记者走进呼和浩特经济技术开发区", K.BODY),  # a wrapped body line, not a byline
    ("——“京资”招商精准化，深化“五", K.BODY),  # a list item's first line, not a kicker
    ("——访托克托县委副书记、县长高正", K.KICKER),
    ("本报讯（记者 宋向华）2月 19日，", K.DATELINE),
    ("（下转第3版）", K.JUMP),
    ("记者调查", K.LABEL),
    ("开启中国式现代化的新长征", K.BODY),  # line_kind never says headline
])
def test_line_kind(line, kind):
    assert K.line_kind(line) == kind


def test_document_paragraphs_carry_kinds():
    doc = Document("开启中国式现代化的新长征\n\n——学习贯彻党的二十大精神研讨班侧记\n\n"
                   "●本报记者 若谷\n\n致力千秋伟业的百年大党，总有一种时不我待的紧迫感。")
    assert [p.kind for p in doc.paragraphs] == [K.HEADLINE, K.KICKER, K.BYLINE, K.BODY]


def test_head_kinds_and_compact():
    assert all(K.is_head(k) for k in (K.HEADLINE, K.KICKER, K.BYLINE, K.CAPTION, K.JUMP, K.LABEL))
    assert not K.is_head(K.BODY) and not K.is_head(K.DATELINE)
    assert K.compact(" 包 钢\n贺海东 ") == "包钢贺海东"
    assert K.classify_blocks(["（下转第2版）", "正文。"]) == [K.JUMP, K.BODY]
