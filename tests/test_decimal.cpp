// Exact decimals: what goes in as text comes out as the same text, and sums never drift.
#include <QtTest>

#include "model/decimal.hpp"
#include "model/trade.hpp"

using namespace flowscope;

class TestDecimal : public QObject {
    Q_OBJECT
private slots:
    void parses_and_formats_exactly_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("formatted");
        QTest::newRow("integer") << "9682" << "9682";
        QTest::newRow("cents") << "9682.50" << "9682.5";
        QTest::newRow("eight digits") << "0.00000001" << "0.00000001";
        QTest::newRow("padded zeros past 8") << "0.10000000000" << "0.1";
        QTest::newRow("price 1e7") << "10000000.12345678" << "10000000.12345678";
        QTest::newRow("meme size 1e12") << "1000000000000.5" << "1000000000000.5";
        QTest::newRow("negative") << "-12.340" << "-12.34";
        QTest::newRow("leading dot") << ".5" << "0.5";
        QTest::newRow("trailing dot") << "7." << "7";
        QTest::newRow("zero") << "0.000" << "0";
    }
    void parses_and_formats_exactly() {
        QFETCH(QString, text);
        QFETCH(QString, formatted);
        const auto units = parse_decimal_units(text.toStdString());
        QVERIFY(units.has_value());
        QCOMPARE(QString::fromStdString(format_units(*units)), formatted);
    }

    void rejects_what_is_not_an_exact_decimal_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("sign only") << "-";
        QTest::newRow("dot only") << ".";
        QTest::newRow("nine significant decimals") << "0.000000001";
        QTest::newRow("exponent") << "1e-3";
        QTest::newRow("letters") << "12a";
        QTest::newRow("two dots") << "1.2.3";
        QTest::newRow("space") << " 1";
        QTest::newRow("absurdly large") << "1000000000000000000000000000000000000000";
        QTest::newRow("32 integer digits") << "99999999999999999999999999999999";
        QTest::newRow("29 integer digits and a fraction") << "99999999999999999999999999999.5";
    }
    void rejects_what_is_not_an_exact_decimal() {
        QFETCH(QString, text);
        QVERIFY(!parse_decimal_units(text.toStdString()).has_value());
    }

    void point_one_plus_point_two_is_point_three() {
        const Quantity sum = *parse_quantity("0.1") + *parse_quantity("0.2");
        QCOMPARE(sum, *parse_quantity("0.3"));
        QCOMPARE(QString::fromStdString(format_quantity(sum)), QString("0.3"));
    }

    void price_range_is_int64_and_size_range_is_wider() {
        QVERIFY(parse_price("92233720368.54775807").has_value());
        QVERIFY(!parse_price("92233720368.54775808").has_value());
        QVERIFY(parse_quantity("999999999999999.99999999").has_value());
        QVERIFY(!parse_quantity("-1").has_value());
    }

    void floor_div_rounds_down_for_negatives() {
        QCOMPARE(floor_div(7, 2), std::int64_t{3});
        QCOMPARE(floor_div(-7, 2), std::int64_t{-4});
        QCOMPARE(floor_div(-8, 2), std::int64_t{-4});
    }

    void trade_ids_keep_text_and_number() {
        const TradeId numeric = TradeId::from_text("42377944");
        QCOMPARE(numeric.number.value_or(0), std::uint64_t{42377944});
        const TradeId uuid = TradeId::from_text("9dc75fca-4bdd-4773-9f78-6f5d7ab2a110");
        QVERIFY(!uuid.number.has_value());
        QCOMPARE(uuid.text.view(), std::string_view("9dc75fca-4bdd-4773-9f78-6f5d7ab2a110"));
        QCOMPARE(TradeId::from_number(5).text.view(), std::string_view("5"));
    }
};

QTEST_APPLESS_MAIN(TestDecimal)
#include "test_decimal.moc"
