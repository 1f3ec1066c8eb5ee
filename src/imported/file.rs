//! The network file: an imported network and its hierarchy, as flat little-endian
//! arrays that load without parsing text.
//!
//! Layout (all integers little-endian):
//! - the line `corridors network 5\n`;
//! - origin: u32 byte count, then UTF-8;
//! - nodes: u32 count, then per node i32 lat·10⁷, i32 lon·10⁷; then one mode byte
//!   per node;
//! - links: u32 count, then per link u32 from, u32 to, u32 length in dm, and a byte
//!   of flags (bits 0–2 mode, 3–4 status, 5 one-way, 6 duplicate, 7 not a
//!   startpoint); then one speed byte (km/h) per link; then one byte of flags
//!   per link (bit 0 roundabout, bit 1 merged with another road at its `from`
//!   node, bit 2 at its `to` node: [`super::merged_roads`]). Bits 1 and 2 came
//!   without a new version: a file written before them has them clear, so it
//!   loads as a network where no roads merge (routes by time then price those
//!   turns as before; import the extract again to have them);
//! - shapes: u32 point count; if not 0, link count + 1 × u32 offsets, then per
//!   point i32 lat·10⁷, i32 lon·10⁷;
//! - turn-restriction copies: u32 count, then per copy u32 via node, u32 copy
//!   node, sorted;
//! - node delays: u32 count, then per node u32 node, u16 delay in ds, sorted by
//!   node, each node once;
//! - components: u32 count of large ones, then one u32 per node;
//! - the hierarchy: up offsets (node count + 1 × u32), u32 edge count, edges as
//!   (u32 other, u32 weight in dm, u32 middle); then the same for down;
//! - a CRC-32 of every byte before it.
//!
//! The generated 1,000,005-node network of BENCHMARKS.md takes 113 MB. Reading
//! refuses a file whose checksum does not match (a damaged file) and checks what
//! queries rely on (indices within the counts, the hierarchy's rank order, each
//! shortcut made of two edges that add up), so a foreign or hand-made file is
//! refused with a message instead of a crash or a wrong route.

use std::fmt;
use std::io::{self, BufReader, Read, Write};
use std::path::Path;

use super::hierarchy::{HierarchyEdge, NO_NODE};
use super::{Components, Hierarchy, ImportedNetwork, Link, MergedEnds, NodePosition, Shapes};
use crate::model::{Mode, Status};

const MAGIC: &[u8] = b"corridors network 5\n";

/// Why a network file could not be read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a network file (or one of another version): what was found.
    NotANetwork,
    /// A network file whose content is damaged: what is wrong.
    Damaged(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::NotANetwork => write!(
                f,
                "not a corridors network file (made by `corridors import osm`), or one from another version; import it again"
            ),
            ReadError::Damaged(what) => {
                write!(f, "damaged network file: {what}; import it again")
            }
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::UnexpectedEof {
            ReadError::Damaged("it ends early (truncated?)".into())
        } else {
            ReadError::Io(e)
        }
    }
}

/// Writes `network` to `out`.
pub fn write(network: &ImportedNetwork, out: &mut dyn Write) -> io::Result<()> {
    let mut summed = Summed {
        inner: out,
        crc: crc32fast::Hasher::new(),
    };
    write_body(network, &mut summed)?;
    let crc = summed.crc.finalize();
    summed.inner.write_all(&crc.to_le_bytes())
}

/// A writer that keeps the CRC-32 of what passes through it.
struct Summed<'w> {
    inner: &'w mut dyn Write,
    crc: crc32fast::Hasher,
}

impl Write for Summed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn write_body(network: &ImportedNetwork, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(MAGIC)?;
    let origin = network.origin.as_bytes();
    out.write_all(&count(origin.len())?.to_le_bytes())?;
    out.write_all(origin)?;
    out.write_all(&count(network.nodes.len())?.to_le_bytes())?;
    for p in &network.nodes {
        out.write_all(&p.lat_e7.to_le_bytes())?;
        out.write_all(&p.lon_e7.to_le_bytes())?;
    }
    let modes: Vec<u8> = network.node_modes.iter().map(|m| m.index() as u8).collect();
    out.write_all(&modes)?;
    out.write_all(&count(network.links.len())?.to_le_bytes())?;
    for link in &network.links {
        out.write_all(&link.from.to_le_bytes())?;
        out.write_all(&link.to.to_le_bytes())?;
        out.write_all(&link.length_dm.to_le_bytes())?;
        let mut flags = link.mode.index() as u8 | (link.status.index() as u8) << LINK_STATUS_SHIFT;
        for (set, bit) in [
            (link.one_way, LINK_ONE_WAY),
            (link.duplicate, LINK_DUPLICATE),
            (!link.startpoint, LINK_NOT_STARTPOINT),
        ] {
            if set {
                flags |= bit;
            }
        }
        out.write_all(&[flags])?;
    }
    let speeds: Vec<u8> = network.links.iter().map(|l| l.speed_kmh).collect();
    out.write_all(&speeds)?;
    let more_flags: Vec<u8> = network
        .links
        .iter()
        .map(|l| {
            let roundabout = if l.roundabout { LINK_ROUNDABOUT } else { 0 };
            roundabout | l.merged.bits() << LINK_MERGED_SHIFT
        })
        .collect();
    out.write_all(&more_flags)?;
    let shapes = &network.shapes;
    out.write_all(&count(shapes.points.len())?.to_le_bytes())?;
    if !shapes.points.is_empty() {
        for offset in &shapes.first {
            out.write_all(&offset.to_le_bytes())?;
        }
        for p in &shapes.points {
            out.write_all(&p.lat_e7.to_le_bytes())?;
            out.write_all(&p.lon_e7.to_le_bytes())?;
        }
    }
    out.write_all(&count(network.turn_copies.len())?.to_le_bytes())?;
    for &(via, copy) in &network.turn_copies {
        out.write_all(&via.to_le_bytes())?;
        out.write_all(&copy.to_le_bytes())?;
    }
    out.write_all(&count(network.node_delays_ds.len())?.to_le_bytes())?;
    for &(node, ds) in &network.node_delays_ds {
        out.write_all(&node.to_le_bytes())?;
        out.write_all(&ds.to_le_bytes())?;
    }
    let components = &network.components;
    out.write_all(&components.large.to_le_bytes())?;
    for c in &components.of_node {
        out.write_all(&c.to_le_bytes())?;
    }
    let h = &network.hierarchy;
    write_edges(out, &h.up_first, &h.up_edges)?;
    write_edges(out, &h.down_first, &h.down_edges)
}

fn write_edges(out: &mut dyn Write, first: &[u32], edges: &[HierarchyEdge]) -> io::Result<()> {
    for offset in first {
        out.write_all(&offset.to_le_bytes())?;
    }
    out.write_all(&count(edges.len())?.to_le_bytes())?;
    for e in edges {
        out.write_all(&e.other.to_le_bytes())?;
        out.write_all(&e.weight_dm.to_le_bytes())?;
        out.write_all(&e.middle.to_le_bytes())?;
    }
    Ok(())
}

fn count(n: usize) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{n} items: a network file holds at most {} of each",
                u32::MAX
            ),
        )
    })
}

/// Reads the network file at `path`.
pub fn read_path(path: &Path) -> Result<ImportedNetwork, ReadError> {
    if path.is_dir() {
        return Err(ReadError::Io(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory; give a file written by `corridors import osm`",
        )));
    }
    crate::load::refuse_special_file(path).map_err(|e| {
        ReadError::Io(io::Error::new(
            e.kind(),
            format!("{e}; give a file written by `corridors import osm`"),
        ))
    })?;
    let mut opened = std::fs::File::open(path)?;
    let size = opened.metadata()?.len();
    #[cfg(unix)]
    verify_checksum(&opened, size)?;
    io::Seek::rewind(&mut opened)?;
    read(opened, size)
}

/// Checks the magic line and the checksum of a whole file before anything is
/// allocated for its content: counts in a damaged or forged header (a 3 GB sparse
/// file announcing 180 million nodes) would otherwise be believed, and gigabytes
/// reserved, before the checksum at the end refused it. Streams the file once, in
/// memory independent of its size; the holes of a sparse file are hashed as the
/// zeros they read as, without reading them (the kernel fills holes at about
/// 300 MB/s, which made a 3 GB sparse file take 13 s).
#[cfg(unix)]
fn verify_checksum(file: &std::fs::File, size: u64) -> Result<(), ReadError> {
    use std::os::unix::fs::FileExt;
    if size < (MAGIC.len() + 4) as u64 {
        return Err(ReadError::NotANetwork);
    }
    let mut magic = vec![0; MAGIC.len()];
    file.read_exact_at(&mut magic, 0)?;
    if magic != MAGIC {
        return Err(ReadError::NotANetwork);
    }
    const CHUNK: usize = 1 << 16;
    static ZEROS: [u8; CHUNK] = [0; CHUNK];
    let mut crc = crc32fast::Hasher::new();
    let mut buffer = vec![0; CHUNK];
    let end = size - 4;
    for (region, is_data) in regions(file, end) {
        let mut at = region.start;
        while at < region.end {
            let n = CHUNK.min(usize::try_from(region.end - at).unwrap_or(CHUNK));
            if is_data {
                file.read_exact_at(&mut buffer[..n], at)?;
                crc.update(&buffer[..n]);
            } else {
                crc.update(&ZEROS[..n]);
            }
            at += n as u64;
        }
    }
    let mut stored = [0; 4];
    file.read_exact_at(&mut stored, end)?;
    if u32::from_le_bytes(stored) != crc.finalize() {
        return Err(ReadError::Damaged(
            "its checksum does not match its content (truncated? damaged in a copy?)".into(),
        ));
    }
    Ok(())
}

/// The byte ranges of `file` up to `end`, each with whether it holds data (else a
/// hole, which reads as zeros), in order. Where the system cannot tell, all data.
#[cfg(unix)]
fn regions(file: &std::fs::File, end: u64) -> Vec<(std::ops::Range<u64>, bool)> {
    use std::os::fd::AsRawFd;
    // The offset found, or the error number.
    let seek = |from: u64, whence: libc::c_int| -> Result<u64, Option<i32>> {
        let offset = libc::off_t::try_from(from).map_err(|_| None)?;
        // SAFETY: lseek on a descriptor this function borrows; it moves the file
        // position only (the caller rewinds), and every read here says where it
        // reads (read_exact_at).
        let found = unsafe { libc::lseek(file.as_raw_fd(), offset, whence) };
        u64::try_from(found).map_err(|_| io::Error::last_os_error().raw_os_error())
    };
    let mut regions = Vec::new();
    let mut at = 0;
    while at < end {
        let data = match seek(at, libc::SEEK_DATA) {
            Ok(data) => data.min(end),
            // No data after `at`: a hole to the end.
            Err(Some(libc::ENXIO)) => end,
            // The system cannot tell: read the rest.
            Err(_) => {
                regions.push((at..end, true));
                break;
            }
        };
        if data > at {
            regions.push((at..data, false));
        }
        if data >= end {
            break;
        }
        let Ok(hole) = seek(data, libc::SEEK_HOLE) else {
            regions.push((data..end, true));
            break;
        };
        let hole = hole.clamp(data + 1, end);
        regions.push((data..hole, true));
        at = hole;
    }
    regions
}

/// Bits 0–2 of a link's flags byte: its mode.
const LINK_MODE_MASK: u8 = 0b111;
/// Bits 3–4 of a link's flags byte (after shifting): its status.
const LINK_STATUS_SHIFT: u32 = 3;
const LINK_STATUS_MASK: u8 = 0b11;
/// Bit 5: one-way.
const LINK_ONE_WAY: u8 = 1 << 5;
/// Bit 6: a duplicate of another link.
const LINK_DUPLICATE: u8 = 1 << 6;
/// Bit 7: not a startpoint (set when the link is not one, so 0 is the common case).
const LINK_NOT_STARTPOINT: u8 = 1 << 7;
/// Bit 0 of a link's second flags byte: a roundabout.
const LINK_ROUNDABOUT: u8 = 1;
/// Bits 1–2 of it (after shifting): the ends where it merges with another road
/// ([`MergedEnds`]). No other bit is used.
const LINK_MERGED_SHIFT: u32 = 1;

/// Reads a network written by [`write`](fn@write); `size` is the file's length in bytes,
/// which bounds every count so a damaged header cannot ask for gigabytes.
pub fn read(input: impl Read, size: u64) -> Result<ImportedNetwork, ReadError> {
    let mut r = Reader {
        input: BufReader::with_capacity(1 << 16, input),
        left: size,
        crc: crc32fast::Hasher::new(),
    };
    read_magic(&mut r)?;
    let origin = read_origin(&mut r)?;
    let (nodes, node_modes) = read_nodes(&mut r)?;
    let links = read_links(&mut r, &node_modes)?;
    let shapes = read_shapes(&mut r, links.len())?;
    let turn_copies = read_turn_copies(&mut r, &nodes, &node_modes)?;
    let node_delays_ds = read_node_delays(&mut r, nodes.len())?;
    let components = read_components(&mut r, nodes.len())?;
    let (up_first, up_edges) = read_edges(&mut r, nodes.len(), "up")?;
    let (down_first, down_edges) = read_edges(&mut r, nodes.len(), "down")?;
    check_end(&mut r)?;
    let hierarchy = Hierarchy {
        up_first,
        up_edges,
        down_first,
        down_edges,
    };
    hierarchy.check_shortcuts().map_err(ReadError::Damaged)?;
    Ok(ImportedNetwork {
        nodes,
        node_modes,
        links,
        copy_bases: super::copy_bases(&turn_copies),
        turn_copies,
        shapes,
        node_delays_ds,
        components,
        hierarchy,
        origin,
    })
}

/// Refuses anything that does not start with this version's magic line.
fn read_magic(r: &mut Reader<impl Read>) -> Result<(), ReadError> {
    let mut magic = vec![0; MAGIC.len()];
    match r.bytes(&mut magic) {
        Ok(()) if magic == MAGIC => Ok(()),
        Err(ReadError::Io(e)) => Err(ReadError::Io(e)),
        _ => Err(ReadError::NotANetwork),
    }
}

/// Reads the origin text, refusing control characters: it is echoed to
/// terminals and into SVG, where one does harm.
fn read_origin(r: &mut Reader<impl Read>) -> Result<String, ReadError> {
    let origin_len = r.count(1)?;
    let mut origin = vec![0; origin_len];
    r.bytes(&mut origin)?;
    let origin = String::from_utf8(origin)
        .map_err(|_| ReadError::Damaged("its origin text is not UTF-8".into()))?;
    if origin
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(ReadError::Damaged(
            "its origin text holds control characters".into(),
        ));
    }
    Ok(origin)
}

/// Reads the nodes' positions (each on the globe) and then their modes.
fn read_nodes(r: &mut Reader<impl Read>) -> Result<(Vec<NodePosition>, Vec<Mode>), ReadError> {
    let node_count = r.count(9)?;
    let mut nodes = Vec::with_capacity(node_count);
    for _ in 0..node_count {
        let position = NodePosition {
            lat_e7: r.i32()?,
            lon_e7: r.i32()?,
        };
        if !position.is_on_globe() {
            return Err(ReadError::Damaged(format!(
                "node {} is off the globe",
                nodes.len()
            )));
        }
        nodes.push(position);
    }
    let mut mode_bytes = vec![0; node_count];
    r.bytes(&mut mode_bytes)?;
    let node_modes = mode_bytes
        .iter()
        .map(|&b| mode_of(b))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((nodes, node_modes))
}

/// Reads the links, then their speeds, then their second flags byte.
fn read_links(r: &mut Reader<impl Read>, node_modes: &[Mode]) -> Result<Vec<Link>, ReadError> {
    let link_count = r.count(15)?;
    let mut links = Vec::with_capacity(link_count);
    for index in 0..link_count {
        links.push(read_link(r, index, node_modes)?);
    }
    let mut speeds = vec![0; link_count];
    r.bytes(&mut speeds)?;
    for (link, speed_kmh) in links.iter_mut().zip(speeds) {
        link.speed_kmh = speed_kmh;
    }
    let mut more_flags = vec![0; link_count];
    r.bytes(&mut more_flags)?;
    for (index, (link, flags)) in links.iter_mut().zip(more_flags).enumerate() {
        let unknown = || ReadError::Damaged(format!("link {index} has unknown flags"));
        link.merged = MergedEnds::from_bits(flags >> LINK_MERGED_SHIFT).ok_or_else(unknown)?;
        link.roundabout = flags & LINK_ROUNDABOUT != 0;
    }
    Ok(links)
}

/// Reads link `index` (without its speed and second flags byte) and checks that
/// its ends exist and share its mode.
fn read_link(
    r: &mut Reader<impl Read>,
    index: usize,
    node_modes: &[Mode],
) -> Result<Link, ReadError> {
    let from = r.u32()?;
    let to = r.u32()?;
    let length_dm = r.u32()?;
    let flags = r.u8()?;
    let node_count = node_modes.len();
    if from as usize >= node_count || to as usize >= node_count {
        return Err(ReadError::Damaged(format!(
            "link {index} ends at a node that does not exist"
        )));
    }
    let mode = mode_of(flags & LINK_MODE_MASK)?;
    // Routes keep to one mode because each node belongs to one: a link must
    // share its ends' mode.
    if node_modes[from as usize] != mode || node_modes[to as usize] != mode {
        return Err(ReadError::Damaged(format!(
            "link {index} is {mode} but joins nodes of another mode"
        )));
    }
    let status = *Status::ALL
        .get(usize::from(flags >> LINK_STATUS_SHIFT & LINK_STATUS_MASK))
        .ok_or_else(|| ReadError::Damaged(format!("link {index} has an unknown status")))?;
    Ok(Link {
        from,
        to,
        length_dm,
        mode,
        status,
        one_way: flags & LINK_ONE_WAY != 0,
        duplicate: flags & LINK_DUPLICATE != 0,
        startpoint: flags & LINK_NOT_STARTPOINT == 0,
        speed_kmh: 0,
        roundabout: false,
        merged: MergedEnds::NONE,
    })
}

/// Reads the turn-restriction copies. A copy stands in for its via node: same
/// place, same mode, and one via node each, sorted; routes to the via node end
/// at its copies too, so no node may be both a copy and a via node.
fn read_turn_copies(
    r: &mut Reader<impl Read>,
    nodes: &[NodePosition],
    node_modes: &[Mode],
) -> Result<Vec<(u32, u32)>, ReadError> {
    let node_count = nodes.len();
    let copy_count = r.count(8)?;
    let mut turn_copies = Vec::with_capacity(copy_count);
    let mut is_copy = vec![false; node_count];
    for index in 0..copy_count {
        let (via, copy) = (r.u32()?, r.u32()?);
        let fits = (via as usize) < node_count
            && (copy as usize) < node_count
            && via != copy
            && !std::mem::replace(&mut is_copy[copy as usize], true)
            && nodes[via as usize] == nodes[copy as usize]
            && node_modes[via as usize] == node_modes[copy as usize]
            && turn_copies.last().is_none_or(|&last| last < (via, copy));
        if !fits {
            return Err(ReadError::Damaged(format!(
                "turn-restriction copy {index} does not stand for a node"
            )));
        }
        turn_copies.push((via, copy));
    }
    if let Some(&(via, _)) = turn_copies.iter().find(|&&(via, _)| is_copy[via as usize]) {
        return Err(ReadError::Damaged(format!(
            "node {via} is both a turn-restriction copy and a via node"
        )));
    }
    Ok(turn_copies)
}

/// Reads the node delays: nodes that exist, in rising order, each once.
fn read_node_delays(
    r: &mut Reader<impl Read>,
    node_count: usize,
) -> Result<Vec<(u32, u16)>, ReadError> {
    let delay_count = r.count(6)?;
    let mut node_delays_ds: Vec<(u32, u16)> = Vec::with_capacity(delay_count);
    for index in 0..delay_count {
        let node = r.u32()?;
        let mut ds = [0; 2];
        r.bytes(&mut ds)?;
        if node as usize >= node_count || node_delays_ds.last().is_some_and(|&(n, _)| n >= node) {
            return Err(ReadError::Damaged(format!(
                "node delay {index} is for a node that does not exist or is out of order"
            )));
        }
        node_delays_ds.push((node, u16::from_le_bytes(ds)));
    }
    Ok(node_delays_ds)
}

/// Reads the stored checksum and checks that it ends the file and matches
/// every byte before it.
fn check_end(r: &mut Reader<impl Read>) -> Result<(), ReadError> {
    let computed = r.crc.clone().finalize();
    let mut stored = [0; 4];
    r.input.read_exact(&mut stored)?;
    r.left = r.left.saturating_sub(4);
    if r.left != 0 {
        return Err(ReadError::Damaged(format!(
            "{} bytes follow the end of the network",
            r.left
        )));
    }
    if u32::from_le_bytes(stored) != computed {
        return Err(ReadError::Damaged(
            "its checksum does not match its content".into(),
        ));
    }
    Ok(())
}

/// Reads the links' shapes and checks that their offsets rise from 0 to the
/// point count, one per link and one more.
fn read_shapes(r: &mut Reader<impl Read>, link_count: usize) -> Result<Shapes, ReadError> {
    let point_count = r.count(8)?;
    if point_count == 0 {
        return Ok(Shapes::default());
    }
    let mut first = Vec::with_capacity(link_count + 1);
    for _ in 0..=link_count {
        first.push(r.u32()?);
    }
    let ordered = first.first() == Some(&0)
        && first.windows(2).all(|w| w[0] <= w[1])
        && first.last().map(|&l| l as usize) == Some(point_count);
    if !ordered {
        return Err(ReadError::Damaged(
            "the shape offsets are out of order".into(),
        ));
    }
    let mut points = Vec::with_capacity(point_count);
    for index in 0..point_count {
        let p = NodePosition {
            lat_e7: r.i32()?,
            lon_e7: r.i32()?,
        };
        if !p.is_on_globe() {
            return Err(ReadError::Damaged(format!(
                "shape point {index} is off the globe"
            )));
        }
        points.push(p);
    }
    Ok(Shapes { first, points })
}

/// Reads each node's component and checks that they lie within the node count.
fn read_components(r: &mut Reader<impl Read>, node_count: usize) -> Result<Components, ReadError> {
    let large = r.u32()?;
    let mut of_node = Vec::with_capacity(node_count);
    for _ in 0..node_count {
        let c = r.u32()?;
        if c as usize >= node_count.max(1) {
            return Err(ReadError::Damaged(format!(
                "node {} has an unknown component",
                of_node.len()
            )));
        }
        of_node.push(c);
    }
    Ok(Components { of_node, large })
}

fn mode_of(byte: u8) -> Result<Mode, ReadError> {
    Mode::ALL
        .get(usize::from(byte))
        .copied()
        .ok_or_else(|| ReadError::Damaged(format!("unknown mode number {byte}")))
}

/// Reads one direction of the hierarchy and checks what the queries rely on:
/// offsets that start at 0, never fall and end at the edge count, and edges that
/// lead upwards (to a higher rank), weigh something and skip only lower-ranked
/// nodes.
fn read_edges(
    r: &mut Reader<impl Read>,
    node_count: usize,
    name: &str,
) -> Result<(Vec<u32>, Vec<HierarchyEdge>), ReadError> {
    let mut first = Vec::with_capacity(node_count + 1);
    for _ in 0..=node_count {
        first.push(r.u32()?);
    }
    let edge_count = r.count(12)?;
    let ordered = first.first() == Some(&0)
        && first.windows(2).all(|w| w[0] <= w[1])
        && first.last().map(|&l| l as usize) == Some(edge_count);
    if !ordered {
        return Err(ReadError::Damaged(format!(
            "the {name} offsets of the hierarchy are out of order"
        )));
    }
    let mut edges = Vec::with_capacity(edge_count);
    let mut node = 0usize;
    for index in 0..edge_count {
        while first[node + 1] as usize <= index {
            node += 1;
        }
        let e = HierarchyEdge {
            other: r.u32()?,
            weight_dm: r.u32()?,
            middle: r.u32()?,
        };
        let upward = (e.other as usize) > node && (e.other as usize) < node_count;
        let middle_below = e.middle == NO_NODE || (e.middle as usize) < node;
        // Every link weighs at least 1 dm (Link::weight_dm), so every edge does.
        if !upward || !middle_below || e.weight_dm == 0 {
            return Err(ReadError::Damaged(format!(
                "{name} edge {index} of the hierarchy breaks its rank order"
            )));
        }
        edges.push(e);
    }
    Ok((first, edges))
}

/// A reader that knows how many bytes are left and sums what it read.
struct Reader<R> {
    input: BufReader<R>,
    left: u64,
    crc: crc32fast::Hasher,
}

impl<R: Read> Reader<R> {
    fn bytes(&mut self, buffer: &mut [u8]) -> Result<(), ReadError> {
        self.input.read_exact(buffer)?;
        self.crc.update(buffer);
        self.left = self.left.saturating_sub(buffer.len() as u64);
        Ok(())
    }

    fn u32(&mut self) -> Result<u32, ReadError> {
        let mut b = [0; 4];
        self.bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn i32(&mut self) -> Result<i32, ReadError> {
        let mut b = [0; 4];
        self.bytes(&mut b)?;
        Ok(i32::from_le_bytes(b))
    }

    fn u8(&mut self) -> Result<u8, ReadError> {
        let mut b = [0; 1];
        self.bytes(&mut b)?;
        Ok(b[0])
    }

    /// A count of items of `item_bytes` each, refused if the rest of the file
    /// cannot hold them.
    fn count(&mut self, item_bytes: u64) -> Result<usize, ReadError> {
        let n = self.u32()?;
        if u64::from(n) * item_bytes > self.left {
            return Err(ReadError::Damaged(format!(
                "it announces {n} items but is too short to hold them (truncated?)"
            )));
        }
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imported::{Links, NodePosition, Shapes};

    /// A two-way chain of ten road nodes: contraction makes shortcuts on it.
    fn chain() -> ImportedNetwork {
        let links = Links {
            nodes: (0..10)
                .map(|i| NodePosition::from_degrees(0.0, f64::from(i) * 0.01))
                .collect(),
            node_modes: vec![Mode::Road; 10],
            links: (0..9).map(|i| Link::road(i, i + 1, 11_132)).collect(),
            turn_copies: Vec::new(),
            node_delays_ds: Vec::new(),
            shapes: Shapes::default(),
        };
        ImportedNetwork::prepare(links, "chain".into())
    }

    /// A sparse copy of a network file, holes wherever a 4 KiB block is all zeros
    /// (as `cp --sparse=always` makes), reads as the file itself: holes are hashed
    /// as zeros without being read.
    #[test]
    #[cfg(unix)]
    fn a_sparse_copy_of_a_network_file_reads_the_same() {
        // 20,000 road nodes: their mode bytes are 20,000 zeros.
        let n = 20_000;
        let links = Links {
            nodes: (0..n)
                .map(|i| NodePosition::from_degrees(0.0, f64::from(i) * 0.001))
                .collect(),
            node_modes: vec![Mode::Road; n as usize],
            links: (0..n - 1).map(|i| Link::road(i, i + 1, 1_113)).collect(),
            turn_copies: Vec::new(),
            node_delays_ds: Vec::new(),
            shapes: Shapes::default(),
        };
        let network = ImportedNetwork::prepare(links, "long chain".into());
        let mut bytes = Vec::new();
        write(&network, &mut bytes).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (dense, sparse) = (dir.path().join("dense.net"), dir.path().join("sparse.net"));
        std::fs::write(&dense, &bytes).unwrap();
        let mut file = std::fs::File::create(&sparse).unwrap();
        let mut skipped = 0;
        for (i, block) in bytes.chunks(4096).enumerate() {
            if block.len() == 4096 && block.iter().all(|&b| b == 0) {
                skipped += 1;
                continue;
            }
            io::Seek::seek(&mut file, io::SeekFrom::Start(i as u64 * 4096)).unwrap();
            file.write_all(block).unwrap();
        }
        file.set_len(bytes.len() as u64).unwrap();
        drop(file);
        assert!(skipped >= 3, "{skipped}");
        let holes = regions(&std::fs::File::open(&sparse).unwrap(), bytes.len() as u64)
            .iter()
            .filter(|(_, data)| !data)
            .count();
        // Where the file system keeps holes, they are found (tmpfs and ext4 do).
        let keeps_holes = std::fs::metadata(&sparse).unwrap().len()
            > 512 * std::os::unix::fs::MetadataExt::blocks(&std::fs::metadata(&sparse).unwrap());
        assert!(!keeps_holes || holes >= 1, "{holes} holes found");
        let read_dense = read_path(&dense).unwrap();
        let read_sparse = read_path(&sparse).unwrap();
        assert_eq!(read_sparse.nodes, read_dense.nodes);
        assert_eq!(read_sparse.links, read_dense.links);
        // One flipped byte in a data block still fails the checksum.
        let mut damaged = bytes.clone();
        let last = damaged.len() - 10;
        damaged[last] ^= 1;
        std::fs::write(&dense, &damaged).unwrap();
        assert!(matches!(read_path(&dense), Err(ReadError::Damaged(_))));
    }

    fn round_trip(network: &ImportedNetwork) -> Result<ImportedNetwork, ReadError> {
        let mut bytes = Vec::new();
        write(network, &mut bytes).unwrap();
        read(bytes.as_slice(), bytes.len() as u64)
    }

    #[test]
    fn a_well_summed_file_with_a_shortcut_that_does_not_add_up_is_refused() {
        let mut network = chain();
        assert!(round_trip(&network).is_ok());
        let shortcut = network
            .hierarchy
            .up_edges
            .iter_mut()
            .find(|e| e.middle != NO_NODE)
            .expect("a chain has shortcuts");
        shortcut.weight_dm += 1;
        let why = round_trip(&network).expect_err("refused").to_string();
        assert!(why.contains("is not made of two edges"), "{why}");
    }

    #[test]
    fn a_turn_copy_that_does_not_stand_for_its_node_is_refused() {
        let mut network = chain();
        // Nodes 2 and 3 lie 1.1 km apart: 3 cannot be a copy of 2.
        network.turn_copies = vec![(2, 3)];
        let why = round_trip(&network).expect_err("refused").to_string();
        assert!(why.contains("does not stand for a node"), "{why}");
        // At the same position it may.
        network.nodes[3] = network.nodes[2];
        let read = round_trip(&network).expect("a copy at its node's place");
        assert_eq!(read.arrivals(2).collect::<Vec<_>>(), vec![2, 3]);
    }

    #[test]
    fn a_link_joining_nodes_of_another_mode_is_refused() {
        let mut network = chain();
        network.node_modes[3] = Mode::Rail;
        let why = round_trip(&network).expect_err("refused").to_string();
        assert!(why.contains("joins nodes of another mode"), "{why}");
    }
}
