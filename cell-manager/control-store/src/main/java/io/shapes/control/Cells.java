package io.shapes.control;

import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.shapes.core.map.CellRef;
import io.shapes.core.map.CellState;

/** The registered cells. Registration is not routing: a cell receives buckets only through a map version. */
public final class Cells {
    private final ControlStore store;

    Cells(ControlStore store) {
        this.store = store;
    }

    /** Registers a cell; refused if the name or the URL is taken. */
    public CellRef add(String name, URI url) {
        CellRef cell = new CellRef(name, url, CellState.ACTIVE);
        return store.inTransaction(c -> {
            try (PreparedStatement taken = c.prepareStatement("select name from cells where name = ? or url = ?")) {
                taken.setString(1, name);
                taken.setString(2, url.toString());
                try (ResultSet rs = taken.executeQuery()) {
                    if (rs.next()) {
                        throw new ControlStoreException("cell '" + rs.getString(1) + "' already has that name or URL");
                    }
                }
            }
            try (PreparedStatement insert = c.prepareStatement("insert into cells (name, url, state) values (?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, url.toString());
                insert.setString(3, cell.state().wireName());
                insert.executeUpdate();
            }
            return cell;
        });
    }

    public List<CellRef> all() {
        return store.withConnection(c -> {
            List<CellRef> cells = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select name, url, state from cells order by created_at, name");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    cells.add(new CellRef(rs.getString(1), URI.create(rs.getString(2)), CellState.parse(rs.getString(3))));
                }
            }
            return cells;
        });
    }

    public Optional<CellRef> get(String name) {
        return all().stream().filter(cell -> cell.name().equals(name)).findFirst();
    }

    public void setState(String name, CellState state) {
        store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("update cells set state = ? where name = ?")) {
                s.setString(1, state.wireName());
                s.setString(2, name);
                if (s.executeUpdate() == 0) {
                    throw new ControlStoreException("no cell named '" + name + "'");
                }
            }
            return null;
        });
    }

    /** Unregisters a cell; the caller checks first that the newest map gives it no buckets. */
    public void remove(String name) {
        store.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("delete from cells where name = ?")) {
                s.setString(1, name);
                if (s.executeUpdate() == 0) {
                    throw new ControlStoreException("no cell named '" + name + "'");
                }
            }
            return null;
        });
    }
}
