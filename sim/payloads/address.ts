/** Every simulated customer's and shop's address: the simulator does not model addresses. */
export const ADDRESS = {
  first_name: "Sim",
  last_name: "Customer",
  address1: "1 Simulated Street",
  address2: null,
  city: "Ottawa",
  company: null,
  country: "Canada",
  country_code: "CA",
  phone: "555-555-0100",
  province: "Ontario",
  province_code: "ON",
  zip: "K1A 0B1",
  name: "Sim Customer",
  latitude: 45.4215,
  longitude: -75.6972,
};
