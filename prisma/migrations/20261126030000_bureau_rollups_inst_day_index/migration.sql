-- Bureau rollups, revision 4: the institution ranking reads the leftover days of a custom period from
-- bureau.need_inst_fact without an institution or region filter; index it by day (measured in bench/: a custom
-- period over the whole province went from a sequential scan of every need × institution pair to an index range).
CREATE INDEX bureau_need_inst_fact_day_idx ON bureau.need_inst_fact (published_on);
