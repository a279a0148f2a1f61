//! Go's `text/tabwriter` (and liggitt/tabwriter's RememberWidths, which `kubectl get -w` uses):
//! tab-terminated cells aligned in column blocks of consecutive lines, padded with spaces.

/// A tabwriter's settings (`Init(output, minwidth, tabwidth, padding, ' ', flags)`).
#[derive(Clone, Debug)]
pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    /// Column widths remembered across flushes (RememberWidths); empty when not remembering.
    remembered: Option<Vec<usize>>,
    text: String,
}

impl TabWriter {
    /// kubectl get's writer: minwidth 6, padding 3.
    pub fn for_get() -> TabWriter {
        TabWriter { minwidth: 6, padding: 3, remembered: None, text: String::new() }
    }

    /// kubectl get -w's writer: like `for_get`, remembering widths across flushes.
    pub fn for_watch() -> TabWriter {
        TabWriter { minwidth: 6, padding: 3, remembered: Some(Vec::new()), text: String::new() }
    }

    /// kubectl describe's writer: minwidth 0, padding 2.
    pub fn for_describe() -> TabWriter {
        TabWriter { minwidth: 0, padding: 2, remembered: None, text: String::new() }
    }

    /// Buffers text.
    /// [`TabWriter::write`] of formatted text.
    #[inline(never)]
    pub fn writef(&mut self, text: std::fmt::Arguments) {
        self.write(&text.to_string());
    }

    pub fn write(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Formats what was written and returns it.
    pub fn flush(&mut self) -> String {
        let text = std::mem::take(&mut self.text);
        let mut lines: Vec<Vec<&str>> = text.split('\n').map(|l| l.split('\t').collect()).collect();
        // A trailing newline leaves an empty last "line" that is written without a newline.
        let trailing_empty = lines.last().is_some_and(|l| l.len() == 1 && l[0].is_empty());
        if trailing_empty {
            lines.pop();
        }
        let mut widths: Vec<usize> = Vec::new();
        let mut out = String::with_capacity(text.len() + text.len() / 2);
        self.format(&lines, &mut widths, 0, lines.len(), &mut out);
        if !trailing_empty && out.ends_with('\n') {
            out.pop();
        }
        out
    }

    fn format(&mut self, lines: &[Vec<&str>], widths: &mut Vec<usize>, line0: usize, line1: usize, out: &mut String) {
        let column = widths.len();
        let mut start = line0;
        let mut this = line0;
        while this < line1 {
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            write_lines(lines, widths, start, this, out);
            start = this;
            let mut width = self.minwidth;
            while this < line1 && column + 1 < lines[this].len() {
                let w = lines[this][column].chars().count() + self.padding;
                if w > width {
                    width = w;
                }
                this += 1;
            }
            if let Some(rem) = &mut self.remembered {
                if rem.len() <= column {
                    rem.resize(column + 1, 0);
                }
                width = width.max(rem[column]);
                rem[column] = width;
            }
            widths.push(width);
            self.format(lines, widths, start, this, out);
            widths.pop();
            start = this;
        }
        write_lines(lines, widths, start, line1, out);
    }
}

fn write_lines(lines: &[Vec<&str>], widths: &[usize], line0: usize, line1: usize, out: &mut String) {
    for line in &lines[line0..line1] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j < widths.len() && j + 1 < line.len() {
                let w = cell.chars().count();
                for _ in w..widths[j] {
                    out.push(' ');
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_in_blocks_and_the_last_cell_is_not_padded() {
        let mut w = TabWriter::for_get();
        w.write("NAME\tREADY\tAGE\nnginx-1\t1/1\t5s\nx\t0/1\t10m\n");
        assert_eq!(w.flush(), "NAME      READY   AGE\nnginx-1   1/1     5s\nx         0/1     10m\n");
    }

    #[test]
    fn a_line_without_tabs_ends_a_column_block() {
        let mut w = TabWriter::for_describe();
        w.write("Name:\tweb\nNamespace:\tdefault\nContainers:\n  nginx:\n    Image:\tnginx\n");
        assert_eq!(w.flush(), "Name:       web\nNamespace:  default\nContainers:\n  nginx:\n    Image:  nginx\n");
    }

    #[test]
    fn remembered_widths_only_grow_across_flushes() {
        let mut w = TabWriter::for_watch();
        w.write("NAME\tSTATUS\tAGE\na\tRunning\t1s\n");
        assert_eq!(w.flush(), "NAME   STATUS    AGE\na      Running   1s\n");
        w.write("a\tTerminating\t2s\n");
        assert_eq!(w.flush(), "a      Terminating   2s\n");
        w.write("b\tPending\t0s\n");
        assert_eq!(w.flush(), "b      Pending       0s\n");
    }
}
