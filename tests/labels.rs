//! Label printing (issue 8) against the real server: printers configured over the API, an
//! order's labels sent as ZPL or TSPL to a fake printer (a TCP listener in the test), one
//! pane reprinted, the SVG and PDF labels rasterised and decoded back to their panes, a
//! printer that is off, release printing, and bad input.

mod common;
#[path = "labels/support.rs"]
mod support;

use common::production::{customer, material_id, order, station};
use common::stock::{MISSING, id};
use common::{Api, TestServer};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::{FakePrinter, closed_port, decode, pdf_pages, rasterise, svg_qr, zpl_formats};
use support::{zpl_number, zpl_qr};

/// A server with an order released to two stations with `panes` panes.
struct Factory {
    server: TestServer,
    admin: String,
    customer: String,
    material: String,
    cutting: String,
    edging: String,
}

impl Factory {
    async fn start() -> Factory {
        let server = TestServer::start().await;
        let admin = server.admin_token().await;
        let api = &server.api;
        let customer = customer(api, &admin, "Customer").await;
        let material = material_id(api, &admin, "Clear 6mm").await;
        let cutting = station(api, &admin, "ตัดกระจก", false).await;
        let edging = station(api, &admin, "Edging", false).await;
        Factory {
            server,
            admin,
            customer,
            material,
            cutting,
            edging,
        }
    }

    fn api(&self) -> &Api {
        &self.server.api
    }

    /// A released order with `panes` panes routed cutting → edging; (order id, pane numbers).
    async fn released_order(&self, panes: u64) -> (String, Vec<String>) {
        let created = order(
            self.api(),
            &self.admin,
            &self.customer,
            &self.material,
            json!({}),
        )
        .await;
        let order_id = id(&created);
        let released = self
            .api()
            .post(
                &format!("/api/orders/{order_id}/release"),
                &self.admin,
                json!({"stations": [self.cutting, self.edging], "quantity": panes}),
            )
            .await;
        released.expect(200);
        let numbers = released.data()["panes"]
            .as_array()
            .expect("panes")
            .iter()
            .map(|p| p["paneNumber"].as_str().expect("a number").to_owned())
            .collect();
        (order_id, numbers)
    }

    async fn printer(&self, body: Value) -> String {
        let created = self.api().post("/api/printers", &self.admin, body).await;
        created.expect(201);
        id(created.data())
    }

    /// GET with the admin's token: status, content type and the raw body.
    async fn raw(&self, path: &str) -> (u16, String, Vec<u8>) {
        let response = reqwest::Client::new()
            .get(format!("{}{path}", self.server.base_url()))
            .bearer_auth(&self.admin)
            .send()
            .await
            .expect("sent");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (
            status,
            content_type,
            response.bytes().await.expect("a body").to_vec(),
        )
    }
}

fn zpl_printer(name: &str, port: u16) -> Value {
    json!({"name": name, "kind": "zpl", "host": "127.0.0.1", "port": port, "dpi": 203,
           "labelWidthMm": 60, "labelHeightMm": 40})
}

#[tokio::test]
async fn an_orders_labels_reach_a_zpl_printer_one_well_formed_format_a_pane() {
    let factory = Factory::start().await;
    let api = factory.api();
    let admin = &factory.admin;
    let mut fake = FakePrinter::start().await;
    let printer = factory
        .printer(zpl_printer("Cutting Zebra", fake.port))
        .await;
    let (order_id, numbers) = factory.released_order(3).await;
    // A glass label and a size on the first pane.
    let first = api.get(&format!("/api/panes/{}", numbers[0]), admin).await;
    first.expect(200);
    api.patch(
        &format!("/api/panes/{}", id(first.data())),
        admin,
        json!({"glassTypeLabel": "Tempered", "dimensions": {"width": 1200, "height": 800, "thickness": 6}}),
    )
    .await
    .expect(200);

    let printed = api
        .post(
            &format!("/api/orders/{order_id}/labels/print"),
            admin,
            json!({"printerId": printer}),
        )
        .await;
    printed.expect(200);
    assert_eq!(printed.message(), "Labels sent");
    assert_eq!(printed.data()["labels"], 3);
    assert_eq!(printed.data()["printer"]["name"], "Cutting Zebra");
    assert_eq!(printed.data()["panes"], json!(numbers));

    let job = fake.job().await;
    let formats = zpl_formats(&job);
    assert_eq!(formats.len(), 3, "{job}");
    for (format, number) in formats.iter().zip(&numbers) {
        // 60 × 40 mm at 203 dpi: 479.5 → 480 and 319.7 → 320 dots.
        assert_eq!(zpl_number(format, "^PW"), 480);
        assert_eq!(zpl_number(format, "^LL"), 320);
        assert!(format.contains("^CI28"), "UTF-8 text");
        let (magnification, level, payload) = zpl_qr(format);
        assert_eq!(payload, format!("STDPLUS:{number}"));
        assert!(['M', 'Q', 'H'].contains(&level), "{level}");
        // The symbol the printer draws: modules × magnification dots, at least 20 mm.
        let ec = stdplus::qr::parse_ec(&level.to_string()).expect("a level");
        let modules = stdplus::qr::Matrix::encode(&payload, ec)
            .expect("encodes")
            .width();
        let side_mm = (modules as u32 * magnification) as f64 * 25.4 / 203.0;
        assert!(side_mm >= 20.0, "{side_mm} mm");
        assert!(
            format.contains(&format!("^FD{number}^FS")),
            "the number in text: {format}"
        );
        assert!(
            format.contains("^FDNext: ตัดกระจก^FS"),
            "the next station: {format}"
        );
    }
    assert!(formats[0].contains("^FDTempered^FS"));
    assert!(formats[0].contains("^FD1200 x 800 x 6 mm^FS"));

    // One pane again, by its number as scanned (any case).
    let again = api
        .post(
            &format!("/api/panes/{}/labels/print", numbers[1].to_lowercase()),
            admin,
            json!({"printerId": printer}),
        )
        .await;
    again.expect(200);
    assert_eq!(again.data()["panes"], json!([numbers[1]]));
    let job = fake.job().await;
    let formats = zpl_formats(&job);
    assert_eq!(formats.len(), 1);
    assert_eq!(zpl_qr(formats[0]).2, format!("STDPLUS:{}", numbers[1]));

    // A test label.
    let test = api
        .post(&format!("/api/printers/{printer}/test"), admin, json!({}))
        .await;
    test.expect(200);
    let job = fake.job().await;
    assert_eq!(zpl_qr(zpl_formats(&job)[0]).2, "STDPLUS:TEST");
    assert!(job.contains("^FDCutting Zebra^FS"));
    factory.server.stop().await;
}

#[tokio::test]
async fn tspl_printers_get_sized_cleared_and_printed_labels() {
    let factory = Factory::start().await;
    let mut fake = FakePrinter::start().await;
    let printer = factory
        .printer(
            json!({"name": "TSC", "kind": "tspl", "host": "127.0.0.1", "port": fake.port,
                        "dpi": 300, "labelWidthMm": 50, "labelHeightMm": 30}),
        )
        .await;
    let (order_id, numbers) = factory.released_order(2).await;
    factory
        .api()
        .post(
            &format!("/api/orders/{order_id}/labels/print"),
            &factory.admin,
            json!({"printerId": printer}),
        )
        .await
        .expect(200);
    let job = fake.job().await;
    let labels: Vec<&str> = job
        .split("PRINT 1,1\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(labels.len(), 2, "{job}");
    for (label, number) in labels.iter().zip(&numbers) {
        assert!(label.starts_with("SIZE 50 mm,30 mm\r\nGAP "), "{label}");
        assert!(label.contains("CODEPAGE UTF-8\r\nCLS\r\n"));
        let qr = label
            .lines()
            .find(|l| l.starts_with("QRCODE "))
            .expect("a QRCODE line");
        let fields: Vec<&str> = qr["QRCODE ".len()..].split(',').collect();
        // x, y, level, cell width, manual input, rotation, "A<payload>"
        assert!(["M", "Q", "H"].contains(&fields[2]), "{qr}");
        let cell: u32 = fields[3].parse().expect("a cell width");
        let ec = stdplus::qr::parse_ec(fields[2]).expect("a level");
        let payload = format!("STDPLUS:{number}");
        assert_eq!(fields[6], format!("\"A{payload}\""));
        let modules = stdplus::qr::Matrix::encode(&payload, ec)
            .expect("encodes")
            .width();
        assert!(
            (modules as u32 * cell) as f64 * 25.4 / 300.0 >= 20.0,
            "{qr}"
        );
        assert!(label.contains(&format!(",\"{number}\"\r\n")), "{label}");
    }
    factory.server.stop().await;
}

#[tokio::test]
async fn the_svg_and_pdf_labels_decode_back_to_their_panes() {
    let factory = Factory::start().await;
    let (order_id, numbers) = factory.released_order(3).await;

    for query in ["", "?width=50&height=30"] {
        let (status, content_type, body) = factory
            .raw(&format!("/api/panes/{}/label.svg{query}", numbers[0]))
            .await;
        assert_eq!(status, 200);
        assert_eq!(content_type, "image/svg+xml; charset=utf-8");
        let svg = String::from_utf8(body).expect("UTF-8");
        let (page, rects) = svg_qr(&svg);
        let expected = if query.is_empty() {
            (60.0, 40.0)
        } else {
            (50.0, 30.0)
        };
        assert_eq!(page, expected);
        assert!(svg.contains(&format!(">{}</text>", numbers[0])));
        assert!(
            svg.contains(">Next: ตัดกระจก</text>"),
            "Thai stays Thai in SVG"
        );
        // 8 px a millimetre: about 9 px a module.
        let image = rasterise(page, &rects, 8.0);
        assert_eq!(decode(&image), [format!("STDPLUS:{}", numbers[0])]);
    }

    let (status, content_type, pdf) = factory
        .raw(&format!("/api/orders/{order_id}/labels.pdf"))
        .await;
    assert_eq!((status, content_type.as_str()), (200, "application/pdf"));
    let pages = pdf_pages(&pdf);
    assert_eq!(pages.len(), 3);
    for (page, number) in pages.iter().zip(&numbers) {
        // 60 × 40 mm in points.
        assert!((page.size.0 - 170.079).abs() < 0.01 && (page.size.1 - 113.386).abs() < 0.01);
        let image = rasterise(page.size, &page.rects, 3.0);
        assert_eq!(decode(&image), [format!("STDPLUS:{number}")]);
    }

    // An independent reader (poppler) parses the file without a complaint, draws each page
    // with a QR that decodes to its pane, and reads the Thai text back (embedded font).
    let text = poppler("pdftotext", &["-layout", "-", "-"], &pdf);
    let text = String::from_utf8(text).expect("UTF-8 text");
    assert_eq!(text.matches("Next: ตัดกระจก").count(), 3, "{text}");
    for number in &numbers {
        assert!(text.contains(number.as_str()), "{text}");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let prefix = dir.path().join("page");
    let prefix = prefix.to_str().expect("a UTF-8 path");
    poppler(
        "pdftoppm",
        &["-r", "300", "-gray", "-png", "-", prefix],
        &pdf,
    );
    for (index, number) in numbers.iter().enumerate() {
        let path = dir.path().join(format!("page-{}.png", index + 1));
        let image = image::open(&path).expect("a page picture").to_luma8();
        assert_eq!(
            decode(&image),
            [format!("STDPLUS:{number}")],
            "page {index}"
        );
    }
    factory.server.stop().await;
}

/// Runs a poppler tool on `pdf` (stdin); it must succeed and print no warnings.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{tool} runs (apt-get install poppler-utils; .ci/run does): {e}")
        });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(pdf)
        .expect("the PDF is written");
    let output = child.wait_with_output().expect("the tool ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.is_empty(),
        "{tool}: {stderr}"
    );
    output.stdout
}

#[tokio::test]
async fn a_printer_that_is_off_is_a_clear_502_without_a_hang() {
    let factory = Factory::start().await;
    let port = closed_port().await;
    let printer = factory.printer(zpl_printer("Dead Zebra", port)).await;
    let (order_id, numbers) = factory.released_order(1).await;
    let started = Instant::now();
    let answer = factory
        .api()
        .post(
            &format!("/api/orders/{order_id}/labels/print"),
            &factory.admin,
            json!({"printerId": printer}),
        )
        .await;
    answer.expect(502);
    assert_eq!(answer.body["success"], false);
    let message = answer.message();
    assert!(
        message.starts_with("Printer Dead Zebra cannot be reached at 127.0.0.1:"),
        "{message}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    for path in [
        format!("/api/panes/{}/labels/print", numbers[0]),
        format!("/api/printers/{printer}/test"),
    ] {
        let answer = factory
            .api()
            .post(&path, &factory.admin, json!({"printerId": printer}))
            .await;
        answer.expect(502);
    }
    factory.server.stop().await;
}

#[tokio::test]
async fn a_release_prints_on_the_printers_of_its_first_station() {
    let factory = Factory::start().await;
    let api = factory.api();
    let admin = &factory.admin;
    let mut at_cutting = FakePrinter::start().await;
    let mut anywhere = FakePrinter::start().await;
    let mut at_edging = FakePrinter::start().await;
    let mut not_flagged = FakePrinter::start().await;
    let flagged = |name: &str, port: u16, station: Value| {
        let mut body = zpl_printer(name, port);
        body["printOnRelease"] = json!(true);
        body["station"] = station;
        body
    };
    factory
        .printer(flagged(
            "At cutting",
            at_cutting.port,
            json!(factory.cutting),
        ))
        .await;
    factory
        .printer(flagged("Anywhere", anywhere.port, Value::Null))
        .await;
    factory
        .printer(flagged("At edging", at_edging.port, json!(factory.edging)))
        .await;
    factory
        .printer(zpl_printer("Manual", not_flagged.port))
        .await;
    let dead = closed_port().await;
    factory
        .printer(flagged("Off", dead, json!(factory.cutting)))
        .await;

    let (_, numbers) = factory.released_order(2).await;
    for fake in [&mut at_cutting, &mut anywhere] {
        let job = fake.job().await;
        let payloads: Vec<String> = zpl_formats(&job).into_iter().map(|f| zpl_qr(f).2).collect();
        let expected: Vec<String> = numbers.iter().map(|n| format!("STDPLUS:{n}")).collect();
        assert_eq!(payloads, expected);
    }
    assert!(
        !at_edging
            .gets_a_job_within(Duration::from_millis(500))
            .await
    );
    assert!(
        !not_flagged
            .gets_a_job_within(Duration::from_millis(100))
            .await
    );

    // The release answered 200 although one printer was off; the releaser is told.
    let mut told = Value::Null;
    for _ in 0..50 {
        let list = api.get("/api/notifications?limit=100", admin).await;
        list.expect(200);
        if let Some(found) = list.data().as_array().and_then(|all| {
            all.iter()
                .find(|n| n["type"] == "label_print_failed")
                .cloned()
        }) {
            told = found;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        told["title"].as_str().unwrap_or("").contains("(Off)"),
        "{told}"
    );
    assert!(
        told["message"]
            .as_str()
            .unwrap_or("")
            .contains("cannot be reached"),
        "{told}"
    );
    assert_eq!(told["referenceType"], "Order");
    factory.server.stop().await;
}

#[tokio::test]
async fn printers_are_managed_and_bad_input_is_refused() {
    let factory = Factory::start().await;
    let api = factory.api();
    let admin = &factory.admin;
    let fake = FakePrinter::start().await;
    let created = api
        .post(
            "/api/printers",
            admin,
            json!({"name": "  Zebra  ", "kind": "zpl", "host": "127.0.0.1",
                                              "labelWidthMm": 60, "labelHeightMm": 40}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Printer created");
    let doc = created.data().clone();
    let printer = id(&doc);
    assert_eq!(doc["name"], "Zebra");
    assert_eq!(
        (doc["port"].clone(), doc["dpi"].clone()),
        (json!(9100), json!(203))
    );
    assert_eq!(
        (doc["printOnRelease"].clone(), doc["station"].clone()),
        (json!(false), Value::Null)
    );
    assert_eq!(doc["__v"], 0);

    let patched = api
        .patch(&format!("/api/printers/{printer}"), admin,
               json!({"port": fake.port, "station": factory.cutting, "printOnRelease": true, "font": "E:THAI.TTF"}))
        .await;
    patched.expect(200);
    assert_eq!(patched.data()["station"], json!(factory.cutting));
    assert_eq!(patched.data()["font"], "E:THAI.TTF");
    let list = api.get("/api/printers", admin).await;
    list.expect(200);
    assert_eq!(list.body["pagination"]["total"], 1);

    let bad_bodies = [
        json!({"kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40}),
        json!({"name": "A", "kind": "pdf", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40}),
        json!({"name": "A", "kind": "zpl", "host": "a b", "labelWidthMm": 60, "labelHeightMm": 40}),
        json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 10, "labelHeightMm": 40}),
        json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 400}),
        json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": "60", "labelHeightMm": 40}),
        json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40, "dpi": 600}),
        json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40, "port": 70000}),
        json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40, "font": "A\",0"}),
        json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40, "station": "nope"}),
    ];
    for body in bad_bodies {
        let answer = api.post("/api/printers", admin, body.clone()).await;
        answer.expect(400);
        assert_eq!(answer.message(), "Validation failed", "{body}");
    }
    // Rules beyond the body's shape.
    for (body, status, message) in [
        (
            json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 40, "labelHeightMm": 22}),
            400,
            "A QR code of at least 20 mm does not fit a 40 × 22 mm label",
        ),
        (
            json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40, "station": MISSING}),
            400,
            "Station not found",
        ),
        (
            json!({"name": "A", "kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40, "stickerTemplate": MISSING}),
            400,
            "Sticker template not found",
        ),
        (
            json!({"name": "Zebra", "kind": "zpl", "host": "h", "labelWidthMm": 60, "labelHeightMm": 40}),
            409,
            "Printer name already exists",
        ),
    ] {
        let answer = api.post("/api/printers", admin, body).await;
        answer.expect(status);
        assert_eq!(answer.message(), message);
    }
    let total = api.get("/api/printers", admin).await;
    assert_eq!(
        total.body["pagination"]["total"], 1,
        "refusals wrote nothing"
    );

    let (order_id, numbers) = factory.released_order(1).await;
    let empty = order(api, admin, &factory.customer, &factory.material, json!({})).await;
    let print = |path: String, body: Value| async move { api.post(&path, admin, body).await };
    for (path, body, status, message) in [
        (
            format!("/api/orders/{order_id}/labels/print"),
            json!({"printerId": MISSING}),
            400,
            "Printer not found",
        ),
        (
            format!("/api/orders/{order_id}/labels/print"),
            json!({"printerId": "x"}),
            400,
            "Validation failed",
        ),
        (
            format!("/api/orders/{order_id}/labels/print"),
            json!({}),
            400,
            "Validation failed",
        ),
        (
            format!("/api/orders/{MISSING}/labels/print"),
            json!({"printerId": printer}),
            404,
            "Order not found",
        ),
        (
            format!("/api/orders/{}/labels/print", id(&empty)),
            json!({"printerId": printer}),
            400,
            "",
        ),
        (
            "/api/panes/PNE-NOPE/labels/print".to_owned(),
            json!({"printerId": printer}),
            404,
            "Pane not found",
        ),
        (
            format!("/api/printers/{MISSING}/test"),
            json!({}),
            404,
            "Printer not found",
        ),
    ] {
        let answer = print(path.clone(), body).await;
        answer.expect(status);
        if !message.is_empty() {
            assert_eq!(answer.message(), message, "{path}");
        } else {
            assert!(
                answer.message().contains("has no panes to label yet"),
                "{}",
                answer.body
            );
        }
    }
    for path in [
        format!("/api/panes/{}/label.svg?width=5&height=40", numbers[0]),
        format!("/api/panes/{}/label.svg?width=60", numbers[0]),
        format!("/api/panes/{}/label.svg?printer={MISSING}", numbers[0]),
        format!("/api/panes/{}/label.svg?width=abc&height=40", numbers[0]),
        format!("/api/orders/{}/labels.pdf", id(&empty)),
    ] {
        let (status, content_type, _) = factory.raw(&path).await;
        assert_eq!(
            (status, content_type.as_str()),
            (400, "application/json"),
            "{path}"
        );
    }

    // Deleting its station stops a printer printing on release, rather than printing all.
    api.delete(&format!("/api/stations/{}", factory.cutting), admin)
        .await
        .expect(200);
    let after = api.get(&format!("/api/printers/{printer}"), admin).await;
    after.expect(200);
    assert_eq!(
        (
            after.data()["station"].clone(),
            after.data()["printOnRelease"].clone()
        ),
        (Value::Null, json!(false))
    );

    api.delete(&format!("/api/printers/{printer}"), admin)
        .await
        .expect(200);
    api.delete(&format!("/api/printers/{printer}"), admin)
        .await
        .expect(404);
    factory.server.stop().await;
}
