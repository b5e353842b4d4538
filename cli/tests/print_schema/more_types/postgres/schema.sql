CREATE TYPE address AS (street TEXT, city TEXT);
CREATE TABLE more_types (
    id BIGSERIAL PRIMARY KEY,
    c_xml XML,
    c_tsvector TSVECTOR NOT NULL,
    c_point POINT,
    c_varbit BIT VARYING(5),
    c_varbit_free VARBIT,
    c_timetz TIME WITH TIME ZONE,
    c_int8multirange INT8MULTIRANGE,
    c_nummultirange NUMMULTIRANGE,
    c_tsmultirange TSMULTIRANGE,
    c_char "char",
    c_name NAME,
    c_address address,
    c_numerics NUMERIC[] NOT NULL,
    c_varchars VARCHAR(10)[],
    c_texts_2d TEXT[][],
    c_jsonbs JSONB[],
    c_intervals INTERVAL[],
    c_money_arr MONEY[],
    c_bpchar_free BPCHAR,
    c_float4s REAL[],
    c_regclass REGCLASS
);
CREATE TABLE "Mixed Case Table" (
    "Id" INTEGER PRIMARY KEY,
    "Some Column" TEXT,
    "type" TEXT,
    "self" INTEGER,
    "__weird" INTEGER,
    more_types_id BIGINT REFERENCES more_types (id)
);
