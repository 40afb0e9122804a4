//! The Distributed Map's S3 configuration blocks (`item_reader`, `item_batcher`,
//! `result_writer`) written as HCL.

use super::*;

pub(super) fn item_reader_block(r: &ItemReader, path: &Path, cx: &mut Cx) -> Item {
    let mut items = Vec::new();
    match &r.resource {
        Some(_) => text_attr(
            &mut items,
            "resource",
            &r.resource,
            &path.key("Resource"),
            cx,
        ),
        None => cx.soft(path, "an ItemReader without Resource (required in HCL)"),
    }
    payload_attr(
        &mut items,
        "parameters",
        &r.parameters,
        &path.key("Parameters"),
        cx,
    );
    payload_attr(
        &mut items,
        "arguments",
        &r.arguments,
        &path.key("Arguments"),
        cx,
    );
    if let Some(c) = &r.reader_config {
        let p = path.key("ReaderConfig");
        let mut rc = Vec::new();
        text_attr(
            &mut rc,
            "input_type",
            &c.input_type,
            &p.key("InputType"),
            cx,
        );
        text_attr(
            &mut rc,
            "manifest_type",
            &c.manifest_type,
            &p.key("ManifestType"),
            cx,
        );
        text_attr(
            &mut rc,
            "csv_header_location",
            &c.csv_header_location,
            &p.key("CSVHeaderLocation"),
            cx,
        );
        if let Some(h) = &c.csv_headers {
            let e = strings_expr(h, &p.key("CSVHeaders"), cx);
            attr(&mut rc, "csv_headers", e);
        }
        text_attr(
            &mut rc,
            "csv_delimiter",
            &c.csv_delimiter,
            &p.key("CSVDelimiter"),
            cx,
        );
        num_or_expr_attr(&mut rc, "max_items", &c.max_items, &p.key("MaxItems"), cx);
        text_attr(
            &mut rc,
            "max_items_path",
            &c.max_items_path,
            &p.key("MaxItemsPath"),
            cx,
        );
        unknown_fields(&c.unknown, &p, "ReaderConfig", cx);
        items.push(Item::Block("reader_config".into(), rc));
    }
    unknown_fields(&r.unknown, path, "ItemReader", cx);
    Item::Block("item_reader".into(), items)
}

pub(super) fn item_batcher_block(b: &ItemBatcher, path: &Path, cx: &mut Cx) -> Item {
    let mut items = Vec::new();
    num_or_expr_attr(
        &mut items,
        "max_items_per_batch",
        &b.max_items_per_batch,
        &path.key("MaxItemsPerBatch"),
        cx,
    );
    text_attr(
        &mut items,
        "max_items_per_batch_path",
        &b.max_items_per_batch_path,
        &path.key("MaxItemsPerBatchPath"),
        cx,
    );
    num_or_expr_attr(
        &mut items,
        "max_input_bytes_per_batch",
        &b.max_input_bytes_per_batch,
        &path.key("MaxInputBytesPerBatch"),
        cx,
    );
    text_attr(
        &mut items,
        "max_input_bytes_per_batch_path",
        &b.max_input_bytes_per_batch_path,
        &path.key("MaxInputBytesPerBatchPath"),
        cx,
    );
    payload_attr(
        &mut items,
        "batch_input",
        &b.batch_input,
        &path.key("BatchInput"),
        cx,
    );
    unknown_fields(&b.unknown, path, "ItemBatcher", cx);
    Item::Block("item_batcher".into(), items)
}

pub(super) fn result_writer_block(w: &ResultWriter, path: &Path, cx: &mut Cx) -> Item {
    let mut items = Vec::new();
    text_attr(
        &mut items,
        "resource",
        &w.resource,
        &path.key("Resource"),
        cx,
    );
    payload_attr(
        &mut items,
        "parameters",
        &w.parameters,
        &path.key("Parameters"),
        cx,
    );
    payload_attr(
        &mut items,
        "arguments",
        &w.arguments,
        &path.key("Arguments"),
        cx,
    );
    if let Some(c) = &w.writer_config {
        let p = path.key("WriterConfig");
        let mut wc = Vec::new();
        text_attr(
            &mut wc,
            "output_type",
            &c.output_type,
            &p.key("OutputType"),
            cx,
        );
        text_attr(
            &mut wc,
            "transformation",
            &c.transformation,
            &p.key("Transformation"),
            cx,
        );
        unknown_fields(&c.unknown, &p, "WriterConfig", cx);
        items.push(Item::Block("writer_config".into(), wc));
    }
    unknown_fields(&w.unknown, path, "ResultWriter", cx);
    Item::Block("result_writer".into(), items)
}
