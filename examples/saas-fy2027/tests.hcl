# Pinned numbers, worked out by hand from the plan's rules. `quotaplan
# test` runs them; when a change to the plan moves one of them,
# the change is deliberate or a mistake, and the review says which.

# Chris starts on 2027-04-12: tenure month 1 in April, so the enterprise
# month (1000000 x 0.2 / 3) x ramp 0.4 x 19/30 active days = 16888.89,
# rounded to 17000.
test "new_hire_first_month" {
  assert = "quota('cwright', 'new_arr', '2027-04') == 17000"
}

# apac-ent is a new territory: even a veteran carries 40% in Q1,
# 3 x round(66666.67 x 0.4) = 3 x 27000.
test "new_territory_q1" {
  assert = "quota('yito', 'new_arr', 'Q1') == 81000"
}

# Pierre is on leave in July and August. July is the last month of Q2,
# so his Q2 is May and June only: 2 x round(1000000 x 0.23 / 3) = 2 x 77000.
test "leave_is_inactive" {
  assert = "quota('pdubois', 'new_arr', 'Q2') == 154000"
}

# Nora leaves on 2027-09-30: nothing after September.
test "no_quota_after_end" {
  assert = "quota('nsmith', 'new_arr', '2027-10') == 0"
}

# The quotas cover the goal with a cushion within 10-20%.
test "goal_is_covered" {
  assert = "sum(filter(reps, .role == 'AE'), .quota.new_arr) >= var.base_arr * (1 + var.growth) * 1.1"
}

# apac-ent's book: the 12 accounts billed in Japan, Australia, Singapore,
# India or South Korea with 1,000 employees or more. Their potentials
# (thousands): 325 + 615 + 580 + 570 + 500 + 165 + 475 + 500 + 465 + 460 +
# 370 + 530 = 5,555.
test "apac_ent_book" {
  assert = "first(filter(territories, .id == 'apac-ent')).book_potential == 5555000"
}
