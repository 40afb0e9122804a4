//! The Distributed Map's S3 configuration (`item_reader`, `item_batcher`, `result_writer`):
//! HCL values to the model.

use super::*;

pub(super) fn item_reader(r: &Tf, path: &Path, tr: &mut Translation) -> ItemReader {
    ItemReader {
        resource: string(
            r.get("resource"),
            &path.key("Resource"),
            tr,
            "arn:aws:states:::s3:getObject",
        ),
        parameters: payload(r.get("parameters"), &path.key("Parameters"), tr),
        arguments: payload(r.get("arguments"), &path.key("Arguments"), tr),
        reader_config: r.get("reader_config").items().first().map(|c| {
            let p = path.key("ReaderConfig");
            ReaderConfig {
                input_type: string(c.get("input_type"), &p.key("InputType"), tr, "JSON"),
                csv_header_location: string(
                    c.get("csv_header_location"),
                    &p.key("CSVHeaderLocation"),
                    tr,
                    "FIRST_ROW",
                ),
                csv_headers: strings(c.get("csv_headers"), &p.key("CSVHeaders"), tr),
                csv_delimiter: string(c.get("csv_delimiter"), &p.key("CSVDelimiter"), tr, "COMMA"),
                max_items: num_or_expr(c.get("max_items"), &p.key("MaxItems"), tr, 1),
                max_items_path: string(c.get("max_items_path"), &p.key("MaxItemsPath"), tr, "$"),
                manifest_type: string(c.get("manifest_type"), &p.key("ManifestType"), tr, "CSV"),
                unknown: Vec::new(),
            }
        }),
        unknown: Vec::new(),
    }
}

pub(super) fn item_batcher(b: &Tf, path: &Path, tr: &mut Translation) -> ItemBatcher {
    ItemBatcher {
        max_items_per_batch: num_or_expr(
            b.get("max_items_per_batch"),
            &path.key("MaxItemsPerBatch"),
            tr,
            1,
        ),
        max_items_per_batch_path: string(
            b.get("max_items_per_batch_path"),
            &path.key("MaxItemsPerBatchPath"),
            tr,
            "$",
        ),
        max_input_bytes_per_batch: num_or_expr(
            b.get("max_input_bytes_per_batch"),
            &path.key("MaxInputBytesPerBatch"),
            tr,
            1,
        ),
        max_input_bytes_per_batch_path: string(
            b.get("max_input_bytes_per_batch_path"),
            &path.key("MaxInputBytesPerBatchPath"),
            tr,
            "$",
        ),
        batch_input: payload(b.get("batch_input"), &path.key("BatchInput"), tr),
        unknown: Vec::new(),
    }
}

pub(super) fn result_writer(w: &Tf, path: &Path, tr: &mut Translation) -> ResultWriter {
    ResultWriter {
        resource: string(
            w.get("resource"),
            &path.key("Resource"),
            tr,
            "arn:aws:states:::s3:putObject",
        ),
        parameters: payload(w.get("parameters"), &path.key("Parameters"), tr),
        arguments: payload(w.get("arguments"), &path.key("Arguments"), tr),
        writer_config: w.get("writer_config").items().first().map(|c| {
            let p = path.key("WriterConfig");
            WriterConfig {
                output_type: string(c.get("output_type"), &p.key("OutputType"), tr, "JSON"),
                transformation: string(
                    c.get("transformation"),
                    &p.key("Transformation"),
                    tr,
                    "NONE",
                ),
                unknown: Vec::new(),
            }
        }),
        unknown: Vec::new(),
    }
}
