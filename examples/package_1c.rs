//! Packs the add-in for 1C: target/1c/Bitrix24.zip with MANIFEST.XML and one library per
//! platform built, ready to load into a common template (ОбщийМакет) of the "binary data"
//! kind and attach with ПодключитьВнешнююКомпоненту.
//!
//!     cargo run --example package_1c                 # cargo build --release, then pack
//!     cargo run --example package_1c -- --zigbuild   # Linux build for glibc 2.17 (old servers)
//!     cargo run --example package_1c -- --no-build   # pack what is already built
//!
//! Windows DLLs cannot be built here; ones built on Windows (`cargo build --release --target
//! x86_64-pc-windows-msvc`, and `i686-pc-windows-msvc` for 32-bit) and placed in
//! target/<target>/release/ are packed too. For every Linux library it prints the newest
//! glibc symbol version the library needs, read from its ELF .gnu.version_r section: a
//! server with an older glibc cannot load it.
//!
//! Beside the ZIP it writes the drop-in common module in OPI's two editions
//! (examples/1c/module/OPI_Bitrix24.bsl and OPI_Bitrix24_ru.bsl, written from the function
//! table): the text of a common module that replaces OPI's OPI_Bitrix24, or lives next to it
//! under another name. They are separate files because the ZIP is what 1C loads as the add-in.
//!
//! The ZIP is written here in the "stored" form (no compression) with a hand-written CRC32:
//! a ZIP crate would be one more dependency compiled for every `cargo test`, for a file that
//! 1C reads just as well uncompressed.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// One library the bundle may hold.
struct Component {
    os: &'static str,
    arch: &'static str,
    target: &'static str,
    built_as: &'static str,
    packed_as: &'static str,
}

const COMPONENTS: [Component; 3] = [
    Component {
        os: "Linux",
        arch: "x86_64",
        target: "x86_64-unknown-linux-gnu",
        built_as: "libbitrix24_ffi.so",
        packed_as: "libbitrix24_x64.so",
    },
    Component {
        os: "Windows",
        arch: "x86_64",
        target: "x86_64-pc-windows-msvc",
        built_as: "bitrix24_ffi.dll",
        packed_as: "bitrix24_x64.dll",
    },
    Component {
        os: "Windows",
        arch: "i386",
        target: "i686-pc-windows-msvc",
        built_as: "bitrix24_ffi.dll",
        packed_as: "bitrix24_x86.dll",
    },
];

/// The oldest glibc the zigbuild aims at: what CentOS 7-era 1C servers have.
const ZIG_TARGET: &str = "x86_64-unknown-linux-gnu.2.17";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("package_1c: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut build = Build::Release;
    let mut out = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--no-build" => build = Build::None,
            "--zigbuild" => build = Build::Zig,
            "--out" => out = Some(PathBuf::from(iter.next().ok_or("--out needs a path")?)),
            other => return Err(format!("unknown argument {other}; see the top of examples/package_1c.rs")),
        }
    }
    let target_dir = target_dir()?;
    let out = out.unwrap_or_else(|| target_dir.join("1c").join("Bitrix24.zip"));
    let built = build.run(&target_dir)?;

    let mut entries = Vec::new();
    let mut manifest = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bundle xmlns=\"http://v8.1c.ru/8.2/addin/bundle\" name=\"Bitrix24\">\n",
    );
    for component in &COMPONENTS {
        let Some(path) = locate(component, &target_dir, built.as_ref()) else { continue };
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        println!(
            "{} {}: {} ({} bytes) as {}",
            component.os,
            component.arch,
            path.display(),
            bytes.len(),
            component.packed_as
        );
        if component.os == "Linux" {
            match glibc_needed(&bytes) {
                Ok(Some(version)) => {
                    println!("  needs glibc {version} at least (newest GLIBC_ symbol version it uses)")
                }
                Ok(None) => println!("  needs no versioned glibc symbol"),
                Err(why) => println!("  could not read its glibc needs: {why}"),
            }
        }
        manifest.push_str(&format!(
            "  <component os=\"{}\" path=\"{}\" type=\"native\" arch=\"{}\"/>\n",
            component.os, component.packed_as, component.arch
        ));
        entries.push((component.packed_as.to_string(), bytes));
    }
    if entries.is_empty() {
        return Err("no library is built; run without --no-build".into());
    }
    manifest.push_str("</bundle>\n");
    entries.insert(0, ("MANIFEST.XML".to_string(), manifest.into_bytes()));

    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&out, zip_stored(&entries)?).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("wrote {}", out.display());
    for written in write_module_texts(out.parent().unwrap_or(Path::new(".")))? {
        println!("wrote {}", written.display());
    }
    Ok(())
}

/// The drop-in module's editions, as the repository holds them.
const MODULE_TEXTS: [&str; 2] = ["OPI_Bitrix24.bsl", "OPI_Bitrix24_ru.bsl"];

/// Copies the module's editions into `dir`, each with a UTF-8 byte order mark, by which the
/// Designer and Windows editors know the text is UTF-8 (without it the Russian edition may be
/// read in the ANSI code page).
fn write_module_texts(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/1c/module");
    let mut written = Vec::new();
    for name in MODULE_TEXTS {
        let from = source.join(name);
        let text = std::fs::read(&from).map_err(|e| format!("{}: {e}", from.display()))?;
        let to = dir.join(name);
        std::fs::write(&to, [b"\xEF\xBB\xBF".as_slice(), &text].concat())
            .map_err(|e| format!("{}: {e}", to.display()))?;
        written.push(to);
    }
    Ok(written)
}

enum Build {
    None,
    Release,
    Zig,
}

impl Build {
    /// Builds the library for this machine and returns which component it is and where.
    fn run(&self, target_dir: &Path) -> Result<Option<(usize, PathBuf)>, String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        let (args, built) = match self {
            Build::None => return Ok(None),
            Build::Release => {
                let Some(host) = host_component() else {
                    return Err("this machine is none of the bundle's platforms; use --no-build".into());
                };
                let file = target_dir.join("release").join(COMPONENTS[host].built_as);
                (vec!["build", "--release", "--lib"], (host, file))
            }
            Build::Zig => {
                let file = target_dir.join(COMPONENTS[0].target).join("release").join(COMPONENTS[0].built_as);
                (vec!["zigbuild", "--release", "--lib", "--target", ZIG_TARGET], (0, file))
            }
        };
        println!("running: cargo {}", args.join(" "));
        let mut command = Command::new(&cargo);
        // `cargo run` describes this package to the example in CARGO_PKG_* and similar
        // variables; build scripts (ring's) rebuild when those change, so a child build that
        // inherited them would redo what a plain `cargo build --release` did, and back again.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_CRATE_", "CARGO_BIN_"]
                .iter()
                .any(|p| name.starts_with(p))
                || name == "OUT_DIR"
            {
                command.env_remove(name.as_ref());
            }
        }
        let status = command
            .args(&args)
            .arg("--manifest-path")
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", target_dir)
            .status()
            .map_err(|e| format!("cannot run {cargo}: {e}"))?;
        if !status.success() {
            let hint =
                if matches!(self, Build::Zig) { " (needs `pip install ziglang cargo-zigbuild`)" } else { "" };
            return Err(format!("cargo {} failed{hint}", args.join(" ")));
        }
        Ok(Some(built))
    }
}

fn host_component() -> Option<usize> {
    COMPONENTS.iter().position(|c| {
        c.os.eq_ignore_ascii_case(std::env::consts::OS)
            && (c.arch == std::env::consts::ARCH || (c.arch == "i386" && std::env::consts::ARCH == "x86"))
    })
}

/// What was just built, else a library built earlier for the component's target, else (for
/// this machine's platform) a plain `cargo build --release`.
fn locate(component: &Component, target_dir: &Path, built: Option<&(usize, PathBuf)>) -> Option<PathBuf> {
    let index = COMPONENTS.iter().position(|c| c.packed_as == component.packed_as)?;
    if let Some((built_index, path)) = built {
        if *built_index == index {
            return Some(path.clone());
        }
    }
    let mut candidates = vec![target_dir.join(component.target).join("release").join(component.built_as)];
    if host_component() == Some(index) {
        candidates.push(target_dir.join("release").join(component.built_as));
    }
    candidates.into_iter().find(|path| path.exists())
}

/// The example runs from <target>/<profile>/examples/; cargo honours CARGO_TARGET_DIR there.
fn target_dir() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    exe.ancestors().nth(3).map(Path::to_path_buf).ok_or_else(|| "cannot find the target folder".into())
}

/// The newest GLIBC_x.y[.z] among the versions an ELF64 little-endian library needs.
fn glibc_needed(elf: &[u8]) -> Result<Option<String>, String> {
    let u16_at = |at: usize| elf.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |at: usize| elf.get(at..at + 4).map(|b| u32::from_le_bytes(b.try_into().unwrap()));
    let u64_at = |at: usize| elf.get(at..at + 8).map(|b| u64::from_le_bytes(b.try_into().unwrap()));
    let truncated = || "truncated ELF".to_string();
    if elf.get(..6) != Some(&[0x7f, b'E', b'L', b'F', 2, 1]) {
        return Err("not a 64-bit little-endian ELF file".into());
    }
    let section_table = u64_at(0x28).ok_or_else(truncated)? as usize;
    let entry_size = u16_at(0x3A).ok_or_else(truncated)? as usize;
    let count = u16_at(0x3C).ok_or_else(truncated)? as usize;
    // (type, offset, link, info) of section `i`.
    let section = |i: usize| -> Option<(u32, usize, usize, usize)> {
        let at = section_table + i * entry_size;
        Some((
            u32_at(at + 4)?,
            u64_at(at + 24)? as usize,
            u32_at(at + 40)? as usize,
            u32_at(at + 44)? as usize,
        ))
    };
    const SHT_GNU_VERNEED: u32 = 0x6fff_fffe;
    let Some((_, needs, strings, entries)) = (0..count).filter_map(section).find(|s| s.0 == SHT_GNU_VERNEED)
    else {
        return Ok(None);
    };
    let strings = section(strings).ok_or_else(truncated)?.1;
    let name_at = |at: usize| -> Option<&str> {
        let tail = elf.get(at..)?;
        std::str::from_utf8(&tail[..tail.iter().position(|&b| b == 0)?]).ok()
    };
    let mut newest: Option<(Vec<u32>, String)> = None;
    let mut need = needs;
    for _ in 0..entries {
        let aux_count = u16_at(need + 2).ok_or_else(truncated)?;
        let mut aux = need + u32_at(need + 8).ok_or_else(truncated)? as usize;
        for _ in 0..aux_count {
            let name =
                name_at(strings + u32_at(aux + 8).ok_or_else(truncated)? as usize).ok_or_else(truncated)?;
            if let Some(version) = name.strip_prefix("GLIBC_") {
                let parts: Vec<u32> = version.split('.').map_while(|p| p.parse().ok()).collect();
                if !parts.is_empty() && newest.as_ref().is_none_or(|(best, _)| parts > *best) {
                    newest = Some((parts, version.to_string()));
                }
            }
            aux += u32_at(aux + 12).ok_or_else(truncated)? as usize;
        }
        need += u32_at(need + 12).ok_or_else(truncated)? as usize;
    }
    Ok(newest.map(|(_, name)| name))
}

/// A ZIP archive with every entry stored uncompressed, dated 1980-01-01 so that the same
/// libraries always give the same bytes.
fn zip_stored(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    const DOS_DATE: u16 = (1 << 5) | 1;
    let too_big = || "the archive would pass 4 GiB, the limit of a plain ZIP".to_string();
    let mut zip = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(zip.len()).map_err(|_| too_big())?;
        let size = u32::try_from(data.len()).map_err(|_| too_big())?;
        let crc = crc32(data);
        // Fields shared by the local header and the central directory entry, from "version
        // needed" to the name's length: version 2.0, no flags, stored, time 0, date, crc, sizes.
        let mut common = Vec::new();
        for half in [20u16, 0, 0, 0, DOS_DATE] {
            common.extend(half.to_le_bytes());
        }
        for word in [crc, size, size] {
            common.extend(word.to_le_bytes());
        }
        common.extend((name.len() as u16).to_le_bytes());
        common.extend(0u16.to_le_bytes()); // extra field length

        zip.extend(0x0403_4b50u32.to_le_bytes());
        zip.extend(&common);
        zip.extend(name.as_bytes());
        zip.extend(data);

        directory.extend(0x0201_4b50u32.to_le_bytes());
        directory.extend(20u16.to_le_bytes()); // made by version 2.0
        directory.extend(&common);
        directory.extend([0u8; 10]); // comment length, disk, internal and external attributes
        directory.extend(offset.to_le_bytes());
        directory.extend(name.as_bytes());
    }
    let directory_offset = u32::try_from(zip.len()).map_err(|_| too_big())?;
    let count = entries.len() as u16;
    zip.extend(&directory);
    zip.extend(0x0605_4b50u32.to_le_bytes());
    zip.extend([0u8; 4]); // this disk, the directory's disk
    zip.extend(count.to_le_bytes());
    zip.extend(count.to_le_bytes());
    zip.extend((directory.len() as u32).to_le_bytes());
    zip.extend(directory_offset.to_le_bytes());
    zip.extend(0u16.to_le_bytes()); // comment length
    Ok(zip)
}

/// CRC-32 as ZIP uses it (reflected polynomial 0xEDB88320), one table lookup per byte.
fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (n, entry) in table.iter_mut().enumerate() {
        let mut c = n as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *entry = c;
    }
    !data.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_texts_are_written_beside_the_zip_as_the_repository_holds_them() {
        let dir = std::env::temp_dir().join(format!("package_1c-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let written = write_module_texts(&dir).unwrap();
        assert_eq!(written, MODULE_TEXTS.map(|name| dir.join(name)));
        for (path, header) in
            written.iter().zip(["Function SendMessage(Val URL", "Функция ОтправитьСообщение(Знач URL"])
        {
            let bytes = std::fs::read(path).unwrap();
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).expect("a UTF-8 byte order mark");
            let name = path.file_name().unwrap();
            let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/1c/module").join(name);
            assert_eq!(text, std::fs::read(source).unwrap().as_slice());
            assert!(String::from_utf8(text.to_vec()).unwrap().contains(header), "{}", path.display());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_stored_zip_holds_each_entry_whole_with_its_crc() {
        let entries =
            vec![("MANIFEST.XML".to_string(), b"<bundle/>".to_vec()), ("a.bsl".to_string(), vec![])];
        let zip = zip_stored(&entries).unwrap();
        assert_eq!(&zip[..4], &0x0403_4b50u32.to_le_bytes());
        // The local header of the first entry: its CRC and sizes, then its name and data.
        assert_eq!(&zip[14..18], &crc32(b"<bundle/>").to_le_bytes());
        assert_eq!(&zip[18..22], &9u32.to_le_bytes());
        assert_eq!(&zip[30..42], b"MANIFEST.XML");
        assert_eq!(&zip[42..51], b"<bundle/>");
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926, "the standard check value");
        // The end record counts both entries.
        let end = zip.len() - 22;
        assert_eq!(&zip[end..end + 4], &0x0605_4b50u32.to_le_bytes());
        assert_eq!(&zip[end + 10..end + 12], &2u16.to_le_bytes());
    }
}
