//! Choice rule comparison operators (JSONPath mode).

/// What a comparison operator compares, which decides the type its operand must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandKind {
    String,
    /// `StringMatches`: a string pattern with `*` wildcards.
    Pattern,
    Numeric,
    Boolean,
    Timestamp,
    /// `IsNull`, `IsPresent`, ...: the operand is `true` or `false`.
    TypeTest,
}

macro_rules! operators {
    ($( $variant:ident = $name:literal, $kind:ident, $path:literal; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Operator { $( $variant, )* }

        impl Operator {
            pub const ALL: &'static [Operator] = &[ $( Operator::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self { $( Operator::$variant => $name, )* }
            }

            pub fn operand(self) -> OperandKind {
                match self { $( Operator::$variant => OperandKind::$kind, )* }
            }

            /// True for the `...Path` twins, whose operand is a path to the value to compare with.
            pub fn is_path(self) -> bool {
                match self { $( Operator::$variant => $path, )* }
            }

            pub fn parse(s: &str) -> Option<Operator> {
                match s { $( $name => Some(Operator::$variant), )* _ => None }
            }
        }
    };
}

operators! {
    StringEquals = "StringEquals", String, false;
    StringEqualsPath = "StringEqualsPath", String, true;
    StringLessThan = "StringLessThan", String, false;
    StringLessThanPath = "StringLessThanPath", String, true;
    StringGreaterThan = "StringGreaterThan", String, false;
    StringGreaterThanPath = "StringGreaterThanPath", String, true;
    StringLessThanEquals = "StringLessThanEquals", String, false;
    StringLessThanEqualsPath = "StringLessThanEqualsPath", String, true;
    StringGreaterThanEquals = "StringGreaterThanEquals", String, false;
    StringGreaterThanEqualsPath = "StringGreaterThanEqualsPath", String, true;
    StringMatches = "StringMatches", Pattern, false;
    NumericEquals = "NumericEquals", Numeric, false;
    NumericEqualsPath = "NumericEqualsPath", Numeric, true;
    NumericLessThan = "NumericLessThan", Numeric, false;
    NumericLessThanPath = "NumericLessThanPath", Numeric, true;
    NumericGreaterThan = "NumericGreaterThan", Numeric, false;
    NumericGreaterThanPath = "NumericGreaterThanPath", Numeric, true;
    NumericLessThanEquals = "NumericLessThanEquals", Numeric, false;
    NumericLessThanEqualsPath = "NumericLessThanEqualsPath", Numeric, true;
    NumericGreaterThanEquals = "NumericGreaterThanEquals", Numeric, false;
    NumericGreaterThanEqualsPath = "NumericGreaterThanEqualsPath", Numeric, true;
    BooleanEquals = "BooleanEquals", Boolean, false;
    BooleanEqualsPath = "BooleanEqualsPath", Boolean, true;
    TimestampEquals = "TimestampEquals", Timestamp, false;
    TimestampEqualsPath = "TimestampEqualsPath", Timestamp, true;
    TimestampLessThan = "TimestampLessThan", Timestamp, false;
    TimestampLessThanPath = "TimestampLessThanPath", Timestamp, true;
    TimestampGreaterThan = "TimestampGreaterThan", Timestamp, false;
    TimestampGreaterThanPath = "TimestampGreaterThanPath", Timestamp, true;
    TimestampLessThanEquals = "TimestampLessThanEquals", Timestamp, false;
    TimestampLessThanEqualsPath = "TimestampLessThanEqualsPath", Timestamp, true;
    TimestampGreaterThanEquals = "TimestampGreaterThanEquals", Timestamp, false;
    TimestampGreaterThanEqualsPath = "TimestampGreaterThanEqualsPath", Timestamp, true;
    IsNull = "IsNull", TypeTest, false;
    IsPresent = "IsPresent", TypeTest, false;
    IsNumeric = "IsNumeric", TypeTest, false;
    IsString = "IsString", TypeTest, false;
    IsBoolean = "IsBoolean", TypeTest, false;
    IsTimestamp = "IsTimestamp", TypeTest, false;
}
